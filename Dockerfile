# syntax=docker/dockerfile:1
# The dts-cutover image: the `cutover` CLI jar on a JRE. `docker compose` runs it as the worker
# (`cutover worker`) and, under the demo profile, as the DTS simulator (`cutover simulator`).

# ---- build: the same Maven build as CI, tests left to CI ----
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -q -B -ntp -DskipTests package

# ---- run: a JRE and the one runnable jar, as an unprivileged user ----
FROM eclipse-temurin:17.0.13_11-jre-jammy
RUN groupadd --system --gid 10001 cutover \
 && useradd --system --uid 10001 --gid cutover --home-dir /opt/dts-cutover --shell /usr/sbin/nologin cutover
COPY --from=build /src/starter/target/cutover.jar /opt/dts-cutover/cutover.jar
USER 10001:10001
WORKDIR /opt/dts-cutover
# Prometheus metrics and /healthz of `cutover worker`.
ENV CUTOVER_METRICS_PORT=9464
EXPOSE 9464
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/dts-cutover/cutover.jar"]
CMD ["worker"]
