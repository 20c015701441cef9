package io.cambium.board.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardServerTest {
    private static DashboardServer started(ByteArrayOutputStream printed) {
        return new DashboardServer().out(new PrintStream(printed, true, StandardCharsets.UTF_8)).start();
    }

    @Test
    void servesItsPageOnLoopbackAFreePortAndPrintsTheUrl() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (DashboardServer s = started(printed)) {
            assertThat(s.url()).startsWith("http://127.0.0.1:").endsWith("/");
            assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("Dashboard: " + s.url() + System.lineSeparator());
            Http.Response page = Http.get(s.port(), "/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Cambium dashboard</title>", "/static/uPlot.iife.min.js");
            assertThat(page.head().toLowerCase(java.util.Locale.ROOT)).contains(
                    "content-security-policy: default-src 'none'; script-src 'self'", "x-content-type-options: nosniff");
            for (String f : new String[] {"/static/dashboard.js", "/static/dashboard.css", "/static/uPlot.iife.min.js",
                    "/static/uPlot.min.css", "/static/uPlot-LICENSE.txt"}) {
                Http.Response r = Http.get(s.port(), f);
                assertThat(r.status()).as(f).isEqualTo(200);
                assertThat(r.body()).as(f).isNotBlank();
            }
            assertThat(Http.get(s.port(), "/static/uPlot-LICENSE.txt").body()).contains("MIT");
            JsonNode state = new ObjectMapper().readTree(Http.get(s.port(), "/api/state").body());
            assertThat(state.get("runs").size()).isZero();
        }
    }

    @Test
    void pathTraversalAndEverythingOutsideItsOwnFilesIsRefused() throws Exception {
        try (DashboardServer s = started(new ByteArrayOutputStream())) {
            String[] attempts = {
                "/../../../../etc/passwd", "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
                "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..\\..\\..\\etc\\passwd", "//etc/passwd",
                "/static//etc/passwd", "/static/dashboard.js/../../../pom.xml", "/static/%2e%2e%2fdashboard.css",
                "/io/cambium/board/web/index.html", "/web/index.html", "/static/", "/static/vendor/LICENSE",
                "/static/uPlot.iife.min.js%00.html", "/static/DASHBOARD.JS", "/index.html", "/META-INF/MANIFEST.MF",
                "/io/cambium/board/dashboard/DashboardServer.class", "/static/dashboard.js?x=../../etc/passwd",
                "/%2e%2e/%2e%2e/etc/passwd", "/static/%252e%252e/etc/passwd", "file:///etc/passwd",
                "/api/../static/dashboard.js",
            };
            for (String a : attempts) {
                Http.Response r = Http.get(s.port(), a);
                assertThat(r.status()).as(a).isIn(400, 404);
                assertThat(r.body()).as(a).doesNotContain("root:", "<project", "function", "MIT License", "Manifest");
            }
        }
    }

    @Test
    void otherMethodsAndForeignHostHeadersAreRefused() throws Exception {
        try (DashboardServer s = started(new ByteArrayOutputStream())) {
            assertThat(Http.request(s.port(), "POST", "/", "127.0.0.1:" + s.port()).status()).isEqualTo(405);
            assertThat(Http.request(s.port(), "PUT", "/static/dashboard.js", "127.0.0.1:" + s.port()).status())
                    .isEqualTo(405);
            // DNS rebinding: a page from another origin resolving its name to 127.0.0.1.
            Http.Response rebound = Http.request(s.port(), "GET", "/api/state", "attacker.example:" + s.port());
            assertThat(rebound.status()).isEqualTo(403);
            assertThat(rebound.body()).doesNotContain("runs");
            assertThat(Http.request(s.port(), "GET", "/", "localhost:" + s.port()).status()).isEqualTo(200);
            assertThat(Http.request(s.port(), "HEAD", "/", "localhost:" + s.port()).status()).isEqualTo(200);
        }
    }

    @Test
    void bindingBeyondLoopbackNeedsTheExplicitFlagAndWarns() throws Exception {
        assertThatThrownBy(() -> new DashboardServer().host("0.0.0.0").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback only")
                .hasMessageContaining("explicit remote flag");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (DashboardServer s = new DashboardServer().host("0.0.0.0").allowRemote(true)
                .out(new PrintStream(printed, true, StandardCharsets.UTF_8)).start()) {
            assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("WARNING: the dashboard listens on 0.0.0.0:"
                    + s.port() + ", reachable from other machines");
            assertThat(Http.get(s.port(), "/").status()).isEqualTo(200);
        }
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int p = taken.getLocalPort();
            assertThatThrownBy(() -> new DashboardServer().port(p).out(new PrintStream(new ByteArrayOutputStream())).start())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot listen on 127.0.0.1:" + p);
        }
        assertThatThrownBy(() -> new DashboardServer().port(70000)).hasMessageContaining("0..65535");
    }

    @Test
    void eventsStreamASnapshotThenEachChangeAndEndWhenTheServerStops() throws Exception {
        DashboardServer s = started(new ByteArrayOutputStream());
        String id = s.addRun("first");
        try (Socket sock = new Socket("127.0.0.1", s.port())) {
            sock.setSoTimeout(10_000);
            OutputStream out = sock.getOutputStream();
            out.write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + s.port() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.UTF_8));
            String snapshot = readEvent(in, "snapshot");
            assertThat(snapshot).contains("\"name\":\"first\"");
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", 1);
            step.put("loss", 0.5);
            s.update(id, "step", step, r -> r.addStep(step));
            String event = readEvent(in, "step");
            JsonNode e = new ObjectMapper().readTree(event);
            assertThat(e.get("run").asText()).isEqualTo(id);
            assertThat(e.get("data").get("loss").asDouble()).isEqualTo(0.5);
            s.close();
            // The stream ends: the chunked body's terminator, then end of stream.
            String line;
            while ((line = in.readLine()) != null) {
                assertThat(line).doesNotStartWith("event:");
            }
        }
        assertThatThrownBy(() -> Http.get(s.port(), "/")).isInstanceOf(IOException.class);
    }

    /** The data line of the next event of this type (chunk-size lines of the chunked encoding are skipped). */
    static String readEvent(BufferedReader in, String type) throws IOException {
        String line;
        boolean mine = false;
        while ((line = in.readLine()) != null) {
            if (line.equals("event: " + type)) {
                mine = true;
            } else if (mine && line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        throw new IOException("stream ended before an event '" + type + "'");
    }
}
