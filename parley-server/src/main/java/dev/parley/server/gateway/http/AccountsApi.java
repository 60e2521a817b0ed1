package dev.parley.server.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.account.AccountException;
import dev.parley.core.account.DeviceRecord;
import dev.parley.core.account.LoginResult;
import dev.parley.core.account.Principal;
import dev.parley.core.account.UserAccount;
import dev.parley.core.account.UserSettings;
import dev.parley.server.gateway.ClientAddress;
import dev.parley.server.gateway.GatewayContext;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account and device endpoints; all work runs on the account executor, never the event loop.
 */
public final class AccountsApi {
  private final GatewayContext context;

  public AccountsApi(GatewayContext context) {
    this.context = context;
  }

  void register(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
    JsonNode body = parse(ctx, req, keepAlive);
    if (body == null) {
      return;
    }
    offload(
        ctx,
        keepAlive,
        () -> {
          UserAccount user =
              context
                  .accounts()
                  .register(text(body, "handle"), text(body, "password"), clientAddress(ctx));
          HttpResponses.json(
              ctx,
              keepAlive,
              HttpResponseStatus.CREATED,
              Map.of("userId", user.userId(), "handle", user.handle()));
        });
  }

  void login(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
    JsonNode body = parse(ctx, req, keepAlive);
    if (body == null) {
      return;
    }
    offload(
        ctx,
        keepAlive,
        () -> {
          LoginResult r =
              context
                  .accounts()
                  .login(
                      text(body, "handle"),
                      text(body, "password"),
                      text(body, "deviceName"),
                      clientAddress(ctx));
          HttpResponses.json(
              ctx,
              keepAlive,
              HttpResponseStatus.CREATED,
              Map.of(
                  "userId",
                  r.userId(),
                  "handle",
                  r.handle(),
                  "deviceId",
                  r.deviceId(),
                  "token",
                  r.token()));
        });
  }

  void devices(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
    String token = bearer(req);
    offload(
        ctx,
        keepAlive,
        () -> {
          Optional<Principal> who = context.accounts().authenticate(token);
          if (who.isEmpty()) {
            unauthorized(ctx, keepAlive);
            return;
          }
          List<Map<String, Object>> devices =
              context.accounts().devices(who.get().userId()).stream()
                  .map(d -> describe(d, who.get().deviceId()))
                  .toList();
          HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, Map.of("devices", devices));
        });
  }

  void revoke(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive, String deviceId) {
    String token = bearer(req);
    offload(
        ctx,
        keepAlive,
        () -> {
          Optional<Principal> who = context.accounts().authenticate(token);
          if (who.isEmpty()) {
            unauthorized(ctx, keepAlive);
          } else if (context.accounts().revoke(who.get().userId(), deviceId)) {
            HttpResponses.send(
                ctx, keepAlive, HttpResponseStatus.NO_CONTENT, new byte[0], "application/json");
          } else {
            HttpResponses.error(
                ctx,
                keepAlive,
                HttpResponseStatus.NOT_FOUND,
                "unknown_device",
                "you have no device " + deviceId);
          }
        });
  }

  void settings(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
    String token = bearer(req);
    offload(
        ctx,
        keepAlive,
        () -> {
          Optional<Principal> who = context.accounts().authenticate(token);
          if (who.isEmpty()) {
            unauthorized(ctx, keepAlive);
            return;
          }
          UserSettings s = context.accounts().settings(who.get().userId());
          HttpResponses.json(
              ctx, keepAlive, HttpResponseStatus.OK, Map.of("hideLastSeen", s.hideLastSeen()));
        });
  }

  void saveSettings(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
    String token = bearer(req);
    JsonNode body = parse(ctx, req, keepAlive);
    if (body == null) {
      return;
    }
    JsonNode hide = body.get("hideLastSeen");
    if (hide == null || !hide.isBoolean()) {
      HttpResponses.error(
          ctx,
          keepAlive,
          HttpResponseStatus.BAD_REQUEST,
          "invalid_request",
          "'hideLastSeen' must be true or false");
      return;
    }
    offload(
        ctx,
        keepAlive,
        () -> {
          Optional<Principal> who = context.accounts().authenticate(token);
          if (who.isEmpty()) {
            unauthorized(ctx, keepAlive);
            return;
          }
          context.accounts().saveSettings(who.get().userId(), new UserSettings(hide.asBoolean()));
          HttpResponses.json(
              ctx, keepAlive, HttpResponseStatus.OK, Map.of("hideLastSeen", hide.asBoolean()));
        });
  }

  private static Map<String, Object> describe(DeviceRecord d, String current) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deviceId", d.deviceId());
    m.put("name", d.name());
    m.put("createdAt", d.createdAt());
    m.put("lastUsedAt", d.lastUsed());
    m.put("current", d.deviceId().equals(current));
    return m;
  }

  private void offload(ChannelHandlerContext ctx, boolean keepAlive, Runnable work) {
    OffloadedCall.run(ctx, keepAlive, context.accountWork(), work);
  }

  static void unauthorized(ChannelHandlerContext ctx, boolean keepAlive) {
    HttpResponses.error(
        ctx,
        keepAlive,
        HttpResponseStatus.UNAUTHORIZED,
        "unauthorized",
        "missing, unknown or revoked token");
  }

  /**
   * The client's address for per-address throttling: behind a trusted proxy the address it
   * reported, not the proxy's ({@link ClientAddress}).
   */
  private static String clientAddress(ChannelHandlerContext ctx) {
    InetAddress address = ClientAddress.of(ctx.channel());
    return address == null ? null : address.getHostAddress();
  }

  /** The bearer token of a request, or null. */
  public static String bearer(FullHttpRequest req) {
    String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).trim();
  }

  static JsonNode parse(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
    try {
      JsonNode node = HttpResponses.JSON.readTree(req.content().toString(StandardCharsets.UTF_8));
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      // answered below
    }
    HttpResponses.error(
        ctx,
        keepAlive,
        HttpResponseStatus.BAD_REQUEST,
        "invalid_request",
        "the body must be a JSON object");
    return null;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new AccountException("invalid_request", "'" + field + "' must be a string");
    }
    return v.asText();
  }
}
