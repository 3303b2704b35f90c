# syntax=docker/dockerfile:1
# One image for every SOC Swarm app; the command picks the role (see docker-compose.yml):
#   topics | produce synthetic | agent network|identity|threat-intel | coordinator | incidents | analyst | api
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The whole repository (less .dockerignore), so that a new module needs no change here.
COPY . .
# Downloaded dependencies live in a build cache that outlives this layer, so editing code does not
# download the world again. The image profile (launcher/pom.xml) copies the launcher's runtime
# dependencies into launcher/target/image-lib: the apps' jars only, never Kafka's broker or Scala.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dmaven.test.skip=true -Pimage -pl launcher -am package \
 && cp launcher/target/launcher-*.jar launcher/target/image-lib/

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 swarm && mkdir -p /var/lib/swarm && chown swarm /var/lib/swarm
COPY --from=build /src/launcher/target/image-lib /app/lib
USER swarm
# Kafka Streams keeps its local state here; it is rebuilt from changelogs when the container is new.
ENV SWARM_STATE_DIR=/var/lib/swarm
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dlogback.configurationFile=swarm-logback-console.xml", \
            "-cp", "/app/lib/*", "io.socswarm.launcher.Swarm"]
# The API (./swarm api) listens on 8080; set SWARM_API_HOST=0.0.0.0 in a container (docker-compose.yml does).
EXPOSE 8080
CMD ["--help"]
