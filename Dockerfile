# One image for every SOC Swarm app; the command picks the role (see docker-compose.yml):
#   produce synthetic | agent network|identity|threat-intel | coordinator
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so that editing code does not download the world again.
COPY pom.xml ./
COPY model/pom.xml model/
COPY runtime/pom.xml runtime/
COPY ingest-producer/pom.xml ingest-producer/
COPY agents-streams/pom.xml agents-streams/
COPY coordinator-streams/pom.xml coordinator-streams/
COPY launcher/pom.xml launcher/
COPY tools/pom.xml tools/
COPY model/src model/src
COPY runtime/src runtime/src
COPY ingest-producer/src ingest-producer/src
COPY agents-streams/src agents-streams/src
COPY coordinator-streams/src coordinator-streams/src
COPY launcher/src launcher/src
RUN mvn -B -q -Dmaven.test.skip=true -pl launcher -am install \
 && mvn -B -q -o -pl launcher dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/app/lib \
 && cp launcher/target/launcher-*.jar /app/lib/

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 swarm && mkdir -p /var/lib/swarm && chown swarm /var/lib/swarm
COPY --from=build /app/lib /app/lib
USER swarm
# Kafka Streams keeps its local state here; it is rebuilt from changelogs when the container is new.
ENV SWARM_STATE_DIR=/var/lib/swarm
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dlogback.configurationFile=swarm-logback-console.xml", \
            "-cp", "/app/lib/*", "io.socswarm.launcher.Swarm"]
CMD ["--help"]
