package io.firegrid.bench.load;

import io.firegrid.bench.tls.TlsBench;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The client TLS engines of the load devices, one per connection, trusting the site CA. Each is
 * made without the peer's address, so that no session is cached for it and every connect is a full
 * handshake, as a device's after a power cut. {@code boringssl} (netty-tcnative, the default where it
 * loads) costs the client about half the CPU of the JDK's per handshake: on a machine the devices
 * share with the gateway, what the devices spend is CPU the gateway does not get, where real devices
 * have their own.
 */
interface TlsEngines {

    SSLEngine newEngine();

    /** Releases what {@link #newEngine} made (BoringSSL's engines hold native memory until released). */
    void release(SSLEngine engine);

    static TlsEngines of(Path caFile, String kind) throws Exception {
        if (kind.equals("boringssl") && OpenSsl.isAvailable()) {
            SslContext ctx = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL_REFCNT)
                    .trustManager(caFile.toFile()).build();
            return new TlsEngines() {
                @Override
                public SSLEngine newEngine() {
                    return ctx.newEngine(UnpooledByteBufAllocator.DEFAULT);
                }

                @Override
                public void release(SSLEngine engine) {
                    io.netty.util.ReferenceCountUtil.release(engine);
                }
            };
        }
        if (!kind.equals("jdk") && !kind.equals("boringssl")) {
            throw new IllegalArgumentException("--tls-client should be boringssl or jdk, was " + kind);
        }
        SSLContext ctx = TlsBench.trusting(caFile);
        return new TlsEngines() {
            @Override
            public SSLEngine newEngine() {
                SSLEngine e = ctx.createSSLEngine();
                e.setUseClientMode(true);
                return e;
            }

            @Override
            public void release(SSLEngine engine) {
                // the JDK's engines are garbage once closed
            }
        };
    }

    /** Which engine {@code kind} gives here: BoringSSL only where it loads. */
    static String describe(String kind) {
        return kind.equals("boringssl") && OpenSsl.isAvailable() ? "BoringSSL" : "the JDK's";
    }
}
