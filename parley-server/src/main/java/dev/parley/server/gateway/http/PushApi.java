package dev.parley.server.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.account.Principal;
import dev.parley.core.push.PushException;
import dev.parley.core.push.PushService;
import dev.parley.core.push.PushTarget;
import dev.parley.server.gateway.GatewayContext;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The push endpoints (docs/protocol.md, "Push notifications"): a device registers the key its
 * platform gave it with a configured gateway, and a user mutes conversations. All work runs on the
 * account executor, never the event loop; every call acts on the token's own user and device.
 */
final class PushApi {
  static final String MUTES = "/v1/mutes/";
  private final GatewayContext context;

  PushApi(GatewayContext context) {
    this.context = context;
  }

  /** {@code /v1/push}: GET lists the user's registered devices, PUT registers, DELETE removes. */
  void push(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
    HttpMethod method = req.method();
    if (method.equals(HttpMethod.PUT)) {
      JsonNode body = AccountsApi.parse(ctx, req, keepAlive);
      if (body != null) {
        authorised(
            ctx,
            req,
            keepAlive,
            (who, push) -> {
              PushTarget t = push.register(who, text(body, "gateway"), text(body, "key"));
              HttpResponses.json(
                  ctx,
                  keepAlive,
                  HttpResponseStatus.OK,
                  Map.of("gateway", t.gateway(), "registeredAt", t.registeredAt()));
            });
      }
    } else if (method.equals(HttpMethod.DELETE)) {
      authorised(
          ctx,
          req,
          keepAlive,
          (who, push) -> {
            if (push.unregister(who.userId(), who.deviceId())) {
              noContent(ctx, keepAlive);
            } else {
              HttpResponses.error(
                  ctx,
                  keepAlive,
                  HttpResponseStatus.NOT_FOUND,
                  "not_registered",
                  "this device has no push registration");
            }
          });
    } else if (method.equals(HttpMethod.GET)) {
      authorised(
          ctx,
          req,
          keepAlive,
          (who, push) -> {
            List<Map<String, Object>> devices = new ArrayList<>();
            for (PushTarget t : push.targets(who.userId())) {
              Map<String, Object> d = new LinkedHashMap<>();
              d.put("deviceId", t.deviceId());
              d.put("gateway", t.gateway());
              d.put("registeredAt", t.registeredAt());
              d.put("current", t.deviceId().equals(who.deviceId()));
              devices.add(d);
            }
            HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, Map.of("devices", devices));
          });
    } else {
      notAllowed(ctx, keepAlive);
    }
  }

  /** {@code /v1/mutes}: the user's mutes in force. */
  void mutes(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
    if (!req.method().equals(HttpMethod.GET)) {
      notAllowed(ctx, keepAlive);
      return;
    }
    authorised(
        ctx,
        req,
        keepAlive,
        (who, push) -> {
          List<Map<String, Object>> mutes = new ArrayList<>();
          push.mutes(who.userId()).forEach((conv, until) -> mutes.add(mute(conv, until)));
          HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, Map.of("mutes", mutes));
        });
  }

  /** {@code /v1/mutes/{conv}}: PUT mutes (until a time, or until unmuted), DELETE unmutes. */
  void mute(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive, String conv) {
    HttpMethod method = req.method();
    if (method.equals(HttpMethod.PUT)) {
      JsonNode body = AccountsApi.parse(ctx, req, keepAlive);
      if (body == null) {
        return;
      }
      JsonNode until = body.get("until");
      if (until != null && !until.isNull() && !until.canConvertToExactIntegral()) {
        invalid(ctx, keepAlive, "'until' must be a time in epoch milliseconds, or null");
        return;
      }
      long untilMs = until == null || until.isNull() ? Long.MAX_VALUE : until.asLong();
      authorised(
          ctx,
          req,
          keepAlive,
          (who, push) -> {
            push.mute(who, conv, untilMs);
            HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, mute(conv, untilMs));
          });
    } else if (method.equals(HttpMethod.DELETE)) {
      authorised(
          ctx,
          req,
          keepAlive,
          (who, push) -> {
            push.unmute(who, conv);
            noContent(ctx, keepAlive);
          });
    } else {
      notAllowed(ctx, keepAlive);
    }
  }

  private static Map<String, Object> mute(String conv, long until) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("conv", conv);
    m.put("until", until == Long.MAX_VALUE ? null : until);
    return m;
  }

  /** Authenticates the token, then runs {@code action} on the account executor. */
  private void authorised(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      boolean keepAlive,
      java.util.function.BiConsumer<Principal, PushService> action) {
    PushService push = context.push();
    if (push == null) {
      HttpResponses.error(
          ctx,
          keepAlive,
          HttpResponseStatus.NOT_FOUND,
          "push_disabled",
          "this server sends no push notifications (no --push-gateways)");
      return;
    }
    String token = AccountsApi.bearer(req);
    OffloadedCall.run(
        ctx,
        keepAlive,
        context.accountWork(),
        () -> {
          Optional<Principal> who = context.accounts().authenticate(token);
          if (who.isEmpty()) {
            AccountsApi.unauthorized(ctx, keepAlive);
          } else {
            action.accept(who.get(), push);
          }
        });
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw new PushException("invalid_request", "'" + field + "' must be a string");
    }
    return v.asText();
  }

  private static void invalid(ChannelHandlerContext ctx, boolean keepAlive, String message) {
    HttpResponses.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "invalid_request", message);
  }

  private static void noContent(ChannelHandlerContext ctx, boolean keepAlive) {
    HttpResponses.send(
        ctx, keepAlive, HttpResponseStatus.NO_CONTENT, new byte[0], "application/json");
  }

  private static void notAllowed(ChannelHandlerContext ctx, boolean keepAlive) {
    HttpResponses.error(
        ctx,
        keepAlive,
        HttpResponseStatus.METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "use GET, PUT or DELETE");
  }
}
