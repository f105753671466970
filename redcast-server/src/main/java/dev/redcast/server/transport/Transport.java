package dev.redcast.server.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Thread-safe (immutable). The native epoll transport where the platform has it, NIO elsewhere. */
public record Transport(
        String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel) {

    public static Transport detect() {
        if (Epoll.isAvailable()) {
            return new Transport(
                    "epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    public EventLoopGroup group(int threads, String prefix) {
        return new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory(prefix, true), ioHandlers);
    }
}
