package dev.parley.bench.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling: a WebSocket relay with no storage, no JSON and no accounts, forwarding frames
 * between paired sockets (see {@link RelayHandler}). Whatever Parley achieves under the same load
 * is reported as a fraction of what this machine's loopback, kernel and Netty can do at all.
 */
public final class RelayServer implements AutoCloseable {
  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers;
  private final Channel channel;

  private RelayServer(int port, int threads) throws InterruptedException {
    workers = new NioEventLoopGroup(threads);
    RelayRooms rooms = new RelayRooms();
    channel =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(65_536))
                        .addLast(new RelayHandler(rooms));
                  }
                })
            .bind("127.0.0.1", port)
            .sync()
            .channel();
  }

  /**
   * Starts on {@code port} (0: any free port) with {@code threads} event loops (0: Netty's
   * default).
   */
  public static RelayServer start(int port, int threads) throws InterruptedException {
    return new RelayServer(port, threads);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Blocks until the server socket closes. */
  public void awaitClose() throws InterruptedException {
    channel.closeFuture().sync();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
