package org.skywave.bridge.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Map;
import org.skywave.bridge.admin.AdminViews.ErrorView;

/**
 * Netty's aggregator, answering an over-long body with a JSON 413 that names the limit and the
 * declared length instead of an empty one. As Netty does: a keep-alive connection stays open and
 * the aggregator discards the rest of the body; otherwise it is closed after the answer.
 */
final class BoundedBodyAggregator extends HttpObjectAggregator {

    private final int maxBodyBytes;

    BoundedBodyAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        long declared = HttpUtil.getContentLength(oversized, -1L);
        String message = "request body exceeds the limit of " + maxBodyBytes + " bytes"
                + (declared >= 0 ? " (Content-Length: " + declared + ")" : "")
                + "; a transaction is at most " + TxRequest.MAX_TX_BYTES + " bytes, " + 2 * TxRequest.MAX_TX_BYTES
                + " hex digits";
        boolean keepAlive = HttpUtil.isKeepAlive(oversized) && !(oversized instanceof FullHttpMessage);
        AdminHttpHandler.respond(ctx, keepAlive, new AdminHttpHandler.Reply(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "application/json", AdminViews.json(new ErrorView(message)), Map.of()));
    }
}
