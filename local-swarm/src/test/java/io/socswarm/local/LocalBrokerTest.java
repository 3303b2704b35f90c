package io.socswarm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's JVM runs on local-broker's classpath, never on the apps' (which has no broker jar). */
class LocalBrokerTest {
    @TempDir
    Path dir;

    @AfterEach
    void forgetClasspathFile() {
        System.clearProperty(LocalBroker.CLASSPATH_FILE);
    }

    @Test
    void shouldStartTheBrokerFromTheLocalBrokerModulesClasspath() throws Exception {
        Path listing = Files.createDirectories(dir.resolve("target")).resolve("classpath.txt");
        Files.writeString(listing, "/m2/kafka_2.13-4.3.1.jar" + File.pathSeparator + "/m2/scala-library-2.13.16.jar\n");
        System.setProperty(LocalBroker.CLASSPATH_FILE, listing.toString());

        assertThat(LocalBroker.brokerClasspath()).isEqualTo(dir.resolve("target").resolve("classes") + File.pathSeparator
                + "/m2/kafka_2.13-4.3.1.jar" + File.pathSeparator + "/m2/scala-library-2.13.16.jar");
    }

    @Test
    void shouldSayInOneSentenceThatThereIsNoLocalBrokerWhereItsJarsAreMissing() {
        // This module's own classpath is the apps': no broker jar, no BrokerMain (as in the container image).
        assertThatThrownBy(LocalBroker::brokerClasspath).isInstanceOf(UserError.class)
                .hasMessageStartingWith("This installation has no local Kafka broker");
    }
}
