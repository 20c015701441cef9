package io.cambium.board.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's web server: the JDK's HTTP server on 127.0.0.1 (a chosen port, or a free one),
 * serving the page, its bundled scripts, a JSON snapshot of the runs and a stream of server-sent
 * events as they change.
 *
 * <p>Security: it listens on loopback unless {@link #allowRemote(boolean)} (then it prints a
 * warning: there is no authentication); it answers GET and HEAD only; it serves a fixed list of
 * its own bundled files, matched by exact path, never a path from the request; requests whose
 * {@code Host} header is not this loopback address are refused (DNS rebinding); the page's
 * content security policy allows nothing from elsewhere.
 */
public final class DashboardServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_STREAMS = 16;
    private static final int QUEUE = 20_000;
    private static final String POISON = "\u0000stop";
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"web/index.html", "text/html; charset=utf-8"},
            "/static/dashboard.js", new String[] {"web/dashboard.js", "text/javascript; charset=utf-8"},
            "/static/dashboard.css", new String[] {"web/dashboard.css", "text/css; charset=utf-8"},
            "/static/uPlot.iife.min.js", new String[] {"web/vendor/uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "/static/uPlot.min.css", new String[] {"web/vendor/uPlot.min.css", "text/css; charset=utf-8"},
            "/static/uPlot-LICENSE.txt", new String[] {"web/vendor/LICENSE", "text/plain; charset=utf-8"},
            "/favicon.ico", new String[] {"web/favicon.svg", "image/svg+xml"},
            "/static/favicon.svg", new String[] {"web/favicon.svg", "image/svg+xml"});

    private final Object lock = new Object();
    private final List<RunRecord> runs = new ArrayList<>();
    private final List<BlockingQueue<String>> clients = new CopyOnWriteArrayList<>();
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final AtomicInteger ids = new AtomicInteger();
    private String host = "127.0.0.1";
    private int port;
    private boolean allowRemote;
    private PrintStream out = System.out;
    private HttpServer server;
    private ExecutorService executor;
    private long seq;
    private volatile boolean stopped;

    /** A server to start on 127.0.0.1 and a free port. */
    public DashboardServer() {
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public DashboardServer port(int p) {
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("dashboard port must be 0..65535, got " + p);
        }
        port = p;
        return this;
    }

    /** The address to listen on (default 127.0.0.1); one that is not loopback needs {@link #allowRemote(boolean)}. */
    public DashboardServer host(String h) {
        host = h;
        return this;
    }

    /** Allows listening on an address other machines can reach (default false). */
    public DashboardServer allowRemote(boolean allow) {
        allowRemote = allow;
        return this;
    }

    /** Where the URL and warnings are printed (default standard output). */
    public DashboardServer out(PrintStream stream) {
        out = stream;
        return this;
    }

    /**
     * Binds and starts serving; prints the URL.
     *
     * @throws IllegalArgumentException when the address is not loopback and remote access was
     *     not allowed, when it is not an address of this machine, or when the port is taken
     */
    public synchronized DashboardServer start() {
        if (server != null) {
            return this;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException("dashboard host '" + host + "' is not an address: " + e.getMessage());
        }
        if (!address.isLoopbackAddress() && !allowRemote) {
            throw new IllegalArgumentException("the dashboard listens on loopback only; binding to " + host
                    + " makes it reachable from other machines and needs the explicit remote flag");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 32);
        } catch (BindException e) {
            throw new IllegalArgumentException("dashboard: cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "); choose another port, or 0 for a free one");
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard: cannot start the server: " + e.getMessage(), e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cambium-dashboard");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        if (!address.isLoopbackAddress()) {
            out.println("WARNING: the dashboard listens on " + host + ":" + port() + ", reachable from other machines;"
                    + " it has no authentication and shows the model and its training data's metrics");
        }
        out.println("Dashboard: " + url());
        out.flush();
        return this;
    }

    /** The port listened on (after {@link #start()}). */
    public int port() {
        return server == null ? port : server.getAddress().getPort();
    }

    /** The page's address, such as {@code http://127.0.0.1:43127/}. */
    public String url() {
        String h = server.getAddress().getAddress().getHostAddress();
        if (h.contains(":")) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + port() + "/";
    }

    /** Whether the server is running. */
    public boolean isRunning() {
        return server != null && !stopped;
    }

    // ---------------------------------------------------------------- runs

    /** Adds a run; returns its id. */
    String addRun(String name) {
        String id = "run" + ids.incrementAndGet();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        update(id, "run", data, r -> {
        });
        return id;
    }

    /** A change to one run: applied to the state and sent to every page, under one lock. */
    void update(String runId, String type, Map<String, Object> data, java.util.function.Consumer<RunRecord> apply) {
        synchronized (lock) {
            RunRecord r = find(runId);
            if (r == null) {
                r = new RunRecord(runId, String.valueOf(data.get("name")));
                runs.add(r);
            }
            apply.accept(r);
            seq++;
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("seq", seq);
            event.put("run", runId);
            event.put("data", data);
            String frame = "id: " + seq + "\nevent: " + type + "\ndata: " + json(event) + "\n\n";
            for (BlockingQueue<String> q : clients) {
                if (!q.offer(frame)) {
                    // A page that cannot keep up is dropped; its EventSource reconnects to a fresh snapshot.
                    clients.remove(q);
                    q.clear();
                    q.offer(POISON);
                }
            }
        }
    }

    private RunRecord find(String id) {
        for (RunRecord r : runs) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }

    /** The JSON snapshot of every run. */
    String snapshot() {
        synchronized (lock) {
            return snapshotLocked();
        }
    }

    private String snapshotLocked() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        List<Object> rs = new ArrayList<>();
        for (RunRecord r : runs) {
            rs.add(r.toJson());
        }
        m.put("runs", rs);
        return json(m);
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        try {
            Headers h = ex.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Cache-Control", "no-store");
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                h.set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            if (!allowRemote && !hostAllowed(ex.getRequestHeaders().getFirst("Host"))) {
                send(ex, 403, "text/plain; charset=utf-8", "forbidden host\n");
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            if (ex.getRequestURI().getRawQuery() != null && !path.equals("/api/events")) {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
            if (path.equals("/api/state")) {
                send(ex, 200, "application/json; charset=utf-8", snapshot());
            } else if (path.equals("/api/events")) {
                stream(ex);
            } else if (FILES.containsKey(path)) {
                String[] f = FILES.get(path);
                byte[] body = resource(f[0]);
                if (body == null) {
                    send(ex, 404, "text/plain; charset=utf-8", "not found\n");
                    return;
                }
                if (path.equals("/")) {
                    h.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self';"
                            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none';"
                            + " frame-ancestors 'none'");
                    h.set("X-Frame-Options", "DENY");
                }
                send(ex, 200, f[1], body);
            } else {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n");
            }
        } finally {
            ex.close();
        }
    }

    private boolean hostAllowed(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String p = ":" + port();
        String hh = hostHeader.toLowerCase(Locale.ROOT);
        return hh.equals("127.0.0.1" + p) || hh.equals("localhost" + p) || hh.equals("[::1]" + p)
                || hh.equals(host.toLowerCase(Locale.ROOT) + p);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DashboardServer.class.getResourceAsStream("/io/cambium/board/" + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        send(ex, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
    }

    private void stream(HttpExchange ex) throws IOException {
        if (!streams.tryAcquire()) {
            send(ex, 503, "text/plain; charset=utf-8", "too many open dashboards\n");
            return;
        }
        BlockingQueue<String> q = new ArrayBlockingQueue<>(QUEUE);
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            OutputStream o = ex.getResponseBody();
            String first;
            synchronized (lock) {
                first = "retry: 1000\nid: " + seq + "\nevent: snapshot\ndata: " + snapshotLocked() + "\n\n";
                if (!stopped) {
                    clients.add(q);
                }
            }
            o.write(first.getBytes(StandardCharsets.UTF_8));
            o.flush();
            while (!stopped) {
                String frame = q.poll(15, TimeUnit.SECONDS);
                if (frame == null) {
                    frame = ": keep-alive\n\n"; // also finds pages that went away
                } else if (frame.equals(POISON)) {
                    break;
                }
                o.write(frame.getBytes(StandardCharsets.UTF_8));
                o.flush();
            }
            o.close();
        } catch (IOException e) {
            // The page went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(q);
            streams.release();
        }
    }

    /** Ends every event stream and stops the server. */
    @Override
    public synchronized void close() {
        if (server == null || stopped) {
            return;
        }
        stopped = true;
        synchronized (lock) {
            for (BlockingQueue<String> q : clients) {
                q.clear();
                q.offer(POISON);
            }
            clients.clear();
        }
        server.stop(1);
        executor.shutdownNow();
    }
}
