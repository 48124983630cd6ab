# The streamlearn images of docker-compose.yml, built from this repository:
#   target streamlearn  the streamlearn command (java -jar streamlearn.jar), for the simulator and
#                       the Kafka Streams apps; one image, several services with different commands
#   target flink-job    Flink's image with streamlearn-flink-job.jar, for the job submitter
# The build stage runs the same Maven wrapper build as a developer (tests are run by ./mvnw verify).

FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl app -am package -DskipTests

FROM flink:2.2.1-java17 AS flink-job
COPY --from=build /src/app/target/streamlearn-flink-job.jar /opt/streamlearn/streamlearn-flink-job.jar

FROM eclipse-temurin:17.0.15_6-jre-noble AS streamlearn
RUN apt-get update \
  && apt-get install -y --no-install-recommends curl \
  && rm -rf /var/lib/apt/lists/* \
  && useradd --system --home-dir /var/lib/streamlearn --create-home streamlearn
WORKDIR /opt/streamlearn
COPY --from=build /src/app/target/streamlearn.jar /src/app/target/streamlearn.jvm-options /opt/streamlearn/
USER streamlearn
# the JVM options file: Avro's trusted packages and the Flink --add-opens set, from the parent pom
ENTRYPOINT ["java", "@/opt/streamlearn/streamlearn.jvm-options", "-jar", "/opt/streamlearn/streamlearn.jar"]
CMD ["--help"]
