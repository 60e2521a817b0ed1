package dev.parley.server.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Netty's {@code HttpServerCodec} in its two halves, with one difference: a request whose body
 * length is ambiguous is refused. With both {@code Content-Length} and {@code Transfer-Encoding}
 * (or a transfer coding other than {@code chunked}), a proxy in front and this server may disagree
 * on where the request ends, which lets one client smuggle a request into another's connection (RFC
 * 9112 §6.1, §6.3). Such a request is marked failed, which the router answers with 400 and a close.
 * The halves stay separate handlers because the WebSocket handshake replaces the decoder and
 * removes the encoder by their types.
 */
public final class StrictHttpCodec {
  /** Methods of the requests not yet answered, so that a response to HEAD is sent without body. */
  private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>();

  private final Decoder decoder = new Decoder();
  private final Encoder encoder = new Encoder();

  public HttpRequestDecoder decoder() {
    return decoder;
  }

  public HttpResponseEncoder encoder() {
    return encoder;
  }

  private final class Decoder extends HttpRequestDecoder {
    Decoder() {
      super(new HttpDecoderConfig());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
        throws Exception {
      int before = out.size();
      super.decode(ctx, buffer, out);
      for (int i = before; i < out.size(); i++) {
        if (out.get(i) instanceof HttpRequest request) {
          methods.add(request.method());
          String coding = request.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
          if (coding == null) {
            continue;
          }
          if (!HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(coding.trim())) {
            refuse(request, "unsupported Transfer-Encoding: " + coding);
          } else if (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            // HTTP/1.0: Netty keeps both headers there.
            refuse(request, "Content-Length together with Transfer-Encoding");
          }
        }
      }
    }

    /** Netty's default drops the Content-Length and reads chunks; this server refuses instead. */
    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      super.handleTransferEncodingChunkedWithContentLength(message);
      refuse(message, "Content-Length together with Transfer-Encoding");
    }

    private void refuse(HttpMessage message, String why) {
      if (message.decoderResult().isSuccess()) {
        message.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(why)));
      }
    }
  }

  private final class Encoder extends HttpResponseEncoder {
    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
      // 100 Continue is an interim answer; the request's final one comes later.
      boolean interim =
          msg.status().codeClass() == HttpStatusClass.INFORMATIONAL
              && !msg.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS);
      HttpMethod method = interim ? null : methods.poll();
      return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
    }
  }
}
