package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config register} tells the gateway that the passwords it made are generated, so a device
 * logs in without a key derivation; a password written into the credentials file by hand is sent
 * as chosen and keeps PBKDF2.
 */
class RegisterGeneratedPasswordTest {

    @TempDir
    Path dir;

    private TestGateway gw;

    @BeforeEach
    void startGateway() {
        gw = TestGateway.start(dir.resolve("gw"));
    }

    @AfterEach
    void stopGateway() {
        gw.close();
    }

    @Test
    void generatedPasswordsLogInWithoutADerivationAndHandWrittenOnesWithOne() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        Path creds = dir.resolve("site.yaml.credentials");
        Files.writeString(creds, "pi-0002@t1=our-own-password-2026\n");

        Cli register = Cli.run("register", f.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN);

        assertThat(register.exit()).as(register.out() + register.err()).isZero();
        String generated = Files.readString(creds).lines().filter(l -> l.startsWith("pi-0001@t1=")).findFirst()
                .orElseThrow().substring("pi-0001@t1=".length());
        assertThat(generated).matches("[A-Za-z0-9_-]{24}");
        double derivations = gw.metric("firegrid_password_derivations_total");

        gw.connect("pi-0001@t1", generated).disconnect();
        assertThat(gw.metric("firegrid_password_derivations_total")).isEqualTo(derivations);

        gw.connect("pi-0002@t1", "our-own-password-2026").disconnect();
        assertThat(gw.metric("firegrid_password_derivations_total")).isEqualTo(derivations + 1);
    }
}
