package org.skywave.bridge.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.skywave.bridge.admin.AdminViews.ErrorView;
import org.skywave.bridge.admin.AdminViews.ProgressView;
import org.skywave.bridge.admin.AdminViews.StatusView;
import org.skywave.bridge.admin.AdminViews.SubmittedView;
import org.skywave.bridge.gate.Gate;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.station.StationLinkStatus;
import org.tinylog.Logger;

/**
 * Routes each admin request to the backend and writes the answer. Backend calls return futures
 * and the answer is written when they complete, so the network thread never waits on storage.
 */
@Sharable
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final String JSON = "application/json";
    private static final String TX_PREFIX = "/tx/";
    private static final String STATUS_READ = "read the station's status";
    private static final String KNOWN_PATHS = "GET /, GET /status, GET /metrics, POST /tx, GET /tx/<id>";
    private static final Set<String> TX_PARAMETERS = Set.of("network");

    private final AdminBackend backend;
    private final AdminToken token;
    private final Duration backendTimeout;
    private final SubmissionQueue submissions;

    /** {@code token} null: no token file, so requests that change state are refused. */
    AdminHttpHandler(AdminBackend backend, AdminToken token, Duration backendTimeout) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.token = token;
        this.backendTimeout = Objects.requireNonNull(backendTimeout, "backendTimeout");
        this.submissions = new SubmissionQueue(backend::submit);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            respondError(ctx, false, HttpResponseStatus.BAD_REQUEST,
                    "malformed HTTP request: " + request.decoderResult().cause().getMessage());
            return;
        }
        String path;
        Map<String, List<String>> parameters;
        try {
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            path = query.path();
            parameters = query.parameters();
        } catch (IllegalArgumentException e) {
            // Netty's answer to bad percent-encoding ("%zz", a lone "%"); it would otherwise close the connection unanswered.
            respondError(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST,
                    "malformed request URI " + clip(request.uri()) + ": " + e.getMessage());
            return;
        }
        HttpMethod method = request.method();
        switch (path) {
            case "/" -> {
                if (allow(ctx, keepAlive, method, HttpMethod.GET)) {
                    answer(ctx, keepAlive, backend.overview(), overview -> page(StatusPage.CONTENT_TYPE,
                            StatusPage.render(backend.stationName(), backend.storeHealth(), overview)), STATUS_READ);
                }
            }
            case "/status" -> {
                if (allow(ctx, keepAlive, method, HttpMethod.GET)) {
                    answer(ctx, keepAlive, backend.overview(), overview -> new Reply(HttpResponseStatus.OK, JSON,
                            AdminViews.json(StatusView.of(backend.stationName(), backend.storeHealth(), overview)), Map.of()),
                            STATUS_READ);
                }
            }
            case "/metrics" -> {
                if (allow(ctx, keepAlive, method, HttpMethod.GET)) {
                    answerWithLinks(ctx, keepAlive, links -> page(MetricsText.CONTENT_TYPE,
                            MetricsText.render(backend.stationName(), backend.storeHealth(), backend.stationFaults(), links)));
                }
            }
            case "/tx" -> {
                if (allow(ctx, keepAlive, method, HttpMethod.POST)) {
                    submit(ctx, keepAlive, request, parameters);
                }
            }
            default -> {
                if (path.startsWith(TX_PREFIX)) {
                    if (allow(ctx, keepAlive, method, HttpMethod.GET)) {
                        progress(ctx, keepAlive, path.substring(TX_PREFIX.length()));
                    }
                } else {
                    respondError(ctx, keepAlive, HttpResponseStatus.NOT_FOUND,
                            "no such resource: " + clip(path) + " (known: " + KNOWN_PATHS + ")");
                }
            }
        }
    }

    private boolean allow(ChannelHandlerContext ctx, boolean keepAlive, HttpMethod method, HttpMethod allowed) {
        if (method.equals(allowed)) {
            return true;
        }
        respond(ctx, keepAlive, new Reply(HttpResponseStatus.METHOD_NOT_ALLOWED, JSON,
                AdminViews.json(new ErrorView("method " + clip(method.name()) + " not allowed here; use " + allowed)),
                Map.of(HttpHeaderNames.ALLOW.toString(), allowed.name())));
        return false;
    }

    private void answerWithLinks(ChannelHandlerContext ctx, boolean keepAlive, Function<List<StationLinkStatus>, Reply> render) {
        answer(ctx, keepAlive, backend.links(), render, STATUS_READ);
    }

    private void submit(ChannelHandlerContext ctx, boolean keepAlive, FullHttpRequest request,
            Map<String, List<String>> parameters) {
        if (token == null) {
            respondError(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, "submitting is disabled: the admin API has no"
                    + " token file; set token_file in the [admin] section of the config and restart");
            return;
        }
        if (!token.matches(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            respond(ctx, keepAlive, new Reply(HttpResponseStatus.UNAUTHORIZED, JSON, AdminViews.json(new ErrorView(
                    "missing or wrong token: send the header 'Authorization: Bearer <token>' with the token from the"
                            + " admin token file")),
                    Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer realm=\"skywave\"")));
            return;
        }
        TxRequest.Parsed parsed;
        try {
            parsed = TxRequest.parse(ByteBufUtil.getBytes(request.content()), network(parameters));
        } catch (IllegalArgumentException e) {
            respondError(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        TxMessage tx = parsed.tx();
        String txid = TxIds.display(parsed.txid());
        Optional<CompletableFuture<Submission>> queued = submissions.offer(tx);
        if (queued.isEmpty()) {
            respond(ctx, keepAlive, new Reply(HttpResponseStatus.TOO_MANY_REQUESTS, JSON, AdminViews.json(new ErrorView(
                    "too many submissions (" + submissions.describe() + "); try again in "
                            + SubmissionQueue.RETRY_AFTER_SECONDS + " s")),
                    Map.of(HttpHeaderNames.RETRY_AFTER.toString(), Integer.toString(SubmissionQueue.RETRY_AFTER_SECONDS))));
            return;
        }
        answer(ctx, keepAlive, queued.get(), submission -> submitted(submission, tx, txid), "queue tx " + txid);
    }

    /**
     * 202 when at least one link queued it; 409 when the station had it already; otherwise 429 if
     * every link refused it for its transmit limit (it may be sent again once the limit has passed),
     * else 422. Each answer names, per link, queued or refused and why.
     */
    private static Reply submitted(Submission submission, TxMessage tx, String txid) {
        String id = TxIds.display(submission.id());
        String network = TxNetworks.name(tx.network());
        if (submission.queued()) {
            Logger.info("admin: queued tx {} ({} bytes, {}) on {}{}", txid, tx.size(), network, submission.links(),
                    submission.refused().isEmpty() ? "" : "; refused on " + submission.refused());
            return new Reply(HttpResponseStatus.ACCEPTED, JSON, AdminViews.json(new SubmittedView(id, txid, "queued",
                    network, submission.links(), submission.refused(), null)), Map.of());
        }
        if (submission.alreadySeen()) {
            return new Reply(HttpResponseStatus.CONFLICT, JSON, AdminViews.json(new SubmittedView(id, txid, "already seen",
                    network, List.of(), Map.of(), "already seen: this station queued or relayed transaction " + id
                    + " before; GET /tx/" + id + " says where it stands")), Map.of());
        }
        StringBuilder reasons = new StringBuilder();
        submission.refused().forEach((link, reason) -> reasons.append(reasons.length() == 0 ? "" : "; ")
                .append(link).append(": ").append(reason));
        boolean onlyRateLimited = !submission.refused().isEmpty() && submission.refused().values().stream()
                .allMatch(reason -> reason.startsWith(Gate.DropReason.RATE_LIMITED.label()));
        Logger.info("admin: tx {} not queued on any link: {}", txid, reasons);
        return new Reply(onlyRateLimited ? HttpResponseStatus.TOO_MANY_REQUESTS : HttpResponseStatus.UNPROCESSABLE_ENTITY,
                JSON, AdminViews.json(new SubmittedView(id, txid, "refused", network, List.of(), submission.refused(),
                "not queued on any link (" + reasons + "); not marked seen, so it can be sent again"
                        + (onlyRateLimited ? " once the transmit limit has passed" : ""))), Map.of());
    }

    private Network network(Map<String, List<String>> parameters) {
        for (String name : parameters.keySet()) {
            if (!TX_PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + clip(name) + "' (known: network)");
            }
        }
        List<String> values = parameters.getOrDefault("network", List.of());
        if (values.size() > 1) {
            throw new IllegalArgumentException("network given " + values.size() + " times; give it once");
        }
        return values.isEmpty() ? backend.defaultNetwork() : TxNetworks.fromName(clip(values.get(0)));
    }

    private void progress(ChannelHandlerContext ctx, boolean keepAlive, String idText) {
        MessageId id;
        try {
            id = TxIds.fromDisplay(idText);
        } catch (IllegalArgumentException e) {
            respondError(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        answer(ctx, keepAlive, backend.progress(id), progress -> progress
                .map(p -> new Reply(HttpResponseStatus.OK, JSON, AdminViews.json(ProgressView.of(p)), Map.of()))
                .orElseGet(() -> new Reply(HttpResponseStatus.NOT_FOUND, JSON, AdminViews.json(new ErrorView(
                        "unknown transaction " + TxIds.display(id) + ": not in any link's queue, and not submitted"
                                + " through this API since the station started")), Map.of())),
                "follow tx " + TxIds.display(id));
    }

    /** Writes {@code render(result)} once {@code future} completes, or the matching error. */
    private <T> void answer(ChannelHandlerContext ctx, boolean keepAlive, CompletableFuture<T> future,
            Function<T, Reply> render, String what) {
        future.orTimeout(backendTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((result, error) -> {
            Reply reply;
            if (error == null) {
                try {
                    reply = render.apply(result);
                } catch (RuntimeException e) {
                    Logger.error(e, "admin: cannot {}", what);
                    reply = errorReply(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
                }
            } else {
                reply = failure(unwrap(error), what);
            }
            respond(ctx, keepAlive, reply);
        });
    }

    private Reply failure(Throwable cause, String what) {
        if (cause instanceof SubmitRefusedException) {
            Logger.warn("admin: cannot {}: {}", what, cause.getMessage());
            return errorReply(HttpResponseStatus.SERVICE_UNAVAILABLE, cause.getMessage());
        }
        if (cause instanceof TimeoutException) {
            Logger.warn("admin: cannot {}: no answer from the station within {} s", what, backendTimeout.toSeconds());
            return errorReply(HttpResponseStatus.GATEWAY_TIMEOUT, "the station did not answer within "
                    + backendTimeout.toSeconds() + " s (to " + what + "); if this was a submission it may still be"
                    + " queued: check GET /tx/<id>");
        }
        Logger.error(cause, "admin: cannot {}", what);
        return errorReply(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot " + what + ": " + cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Only this connection is affected; the server goes on.
        Logger.debug("admin: closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static Reply page(String contentType, String body) {
        return new Reply(HttpResponseStatus.OK, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static Reply errorReply(HttpResponseStatus status, String message) {
        return new Reply(status, JSON, AdminViews.json(new ErrorView(message)), Map.of());
    }

    private static void respondError(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String message) {
        respond(ctx, keepAlive, errorReply(status, message));
    }

    static void respond(ChannelHandlerContext ctx, boolean keepAlive, Reply reply) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        response.headers().set("X-Content-Type-Options", "nosniff");
        reply.headers().forEach(response.headers()::set);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Echoes of request text in errors are cut short: the request is not ours to log in full. */
    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    /** One answer: status, content type, body and extra headers. */
    record Reply(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
    }
}
