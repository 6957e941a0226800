package io.firegrid.gateway.mqtt;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches a new MQTT socket until its CONNECT is decoded, in front of the MQTT decoder: it reads
 * the first packet's fixed header from the raw bytes and closes the socket, before the decoder
 * buffers anything, when the packet is not a CONNECT or announces more than the CONNECT limit, and
 * it closes a socket whose CONNECT is not complete when the connect timeout has passed since the
 * TCP connection (an absolute deadline: a client trickling a byte at a time cannot extend it), and
 * one whose CONNECT the decoder has not produced once it has every byte the header announced (its
 * fields claim more bytes than the packet has: the decoder would wait for them beyond the limit).
 *
 * <p>vertx-mqtt removes the handler named {@value #NAME} when it has decoded the CONNECT; that
 * cancels the deadline. Runs on the socket's event loop only.
 */
final class ConnectGuard extends ChannelInboundHandlerAdapter {

    /** The pipeline name vertx-mqtt removes once the CONNECT is decoded. */
    static final String NAME = "timeoutOnConnect";

    private static final int CONNECT = 1;

    private final int maxConnectBytes;
    private final long timeoutSeconds;
    private final Consumer<FireGridException> refused;
    private ScheduledFuture<?> deadline;
    private int headerBytes;
    private int remainingLength;
    private int multiplier = 1;
    private boolean headerRead;
    private long forwarded;
    private boolean closed;

    ConnectGuard(int maxConnectBytes, int timeoutSeconds, Consumer<FireGridException> refused) {
        this.maxConnectBytes = maxConnectBytes;
        this.timeoutSeconds = timeoutSeconds;
        this.refused = refused;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> refuse(ctx, new FireGridException(Status.BAD_REQUEST, "connect-timeout",
                "no complete CONNECT within " + timeoutSeconds + " s")), timeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!headerRead && msg instanceof ByteBuf buf) {
            FireGridException e = readHeader(buf);
            if (e != null) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, e);
                return;
            }
        }
        if (msg instanceof ByteBuf buf) {
            forwarded += buf.readableBytes();
        }
        ctx.fireChannelRead(msg);
        // The decoder has every byte the CONNECT announced and has not produced it (vertx-mqtt
        // removes this handler when it does): its fields run past its length, and the decoder would
        // wait for them, buffering far more than the CONNECT limit until the timeout.
        if (headerRead && !ctx.isRemoved() && forwarded >= (long) headerBytes + remainingLength) {
            refuse(ctx, new FireGridException(Status.BAD_REQUEST, "bad-packet",
                    "the CONNECT's fields run past the " + remainingLength + " bytes its header announced"));
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ReferenceCountUtil.release(evt);
            refuse(ctx, new FireGridException(Status.BAD_REQUEST, "connect-timeout",
                    "nothing read for " + timeoutSeconds + " s before the CONNECT"));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Reads as much of the fixed header as {@code buf} holds, without consuming it; the refusal, if any. */
    private FireGridException readHeader(ByteBuf buf) {
        for (int i = buf.readerIndex(); i < buf.writerIndex() && !headerRead; i++) {
            int b = buf.getUnsignedByte(i);
            headerBytes++;
            if (headerBytes == 1) {
                if (b >> 4 != CONNECT) {
                    return new FireGridException(Status.BAD_REQUEST, "not-connect",
                            "the first packet must be a CONNECT, not packet type " + (b >> 4));
                }
                continue;
            }
            remainingLength += (b & 0x7F) * multiplier;
            multiplier *= 128;
            if ((b & 0x80) == 0) {
                headerRead = true;
            } else if (headerBytes == 5) {
                return new FireGridException(Status.BAD_REQUEST, "bad-packet", "malformed remaining length in the CONNECT header");
            }
            if ((long) headerBytes + remainingLength > maxConnectBytes) {
                return new FireGridException(Status.PAYLOAD_TOO_LARGE, "connect-too-large", "a CONNECT of more than "
                        + maxConnectBytes + " bytes (FIREGRID_MQTT_MAX_CONNECT_BYTES)");
            }
        }
        return null;
    }

    private void refuse(ChannelHandlerContext ctx, FireGridException e) {
        if (closed || !ctx.channel().isActive()) {
            return;
        }
        closed = true;
        refused.accept(e);
        ctx.channel().close();
    }
}
