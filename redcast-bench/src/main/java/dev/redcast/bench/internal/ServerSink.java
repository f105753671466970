package dev.redcast.bench.internal;

/**
 * Confined to the publisher's thread; the connections' writes hop to their event loops. Publishes
 * through the server with protocol {@code publish} commands, each from the connection {@link
 * Topology#publisherOf} picks.
 */
public final class ServerSink implements MessageSink {

    private final LoadClient client;
    private final Topology topology;

    public ServerSink(LoadClient client, Topology topology) {
        this.client = client;
        this.topology = topology;
    }

    @Override
    public boolean publish(long seq, String channel, String payload) throws InterruptedException {
        return client.publishVia(topology.publisherOf(seq), channel, payload);
    }

    @Override
    public void flush() {
        // Each publish is flushed by its own connection's event loop.
    }

    @Override
    public long errors() {
        return client.publishErrors();
    }

    @Override
    public String firstError() {
        return client.firstPublishError();
    }

    @Override
    public void close() {
        // The connections belong to the LoadClient.
    }
}
