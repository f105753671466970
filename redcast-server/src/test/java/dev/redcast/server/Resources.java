package dev.redcast.server;

/** Thread-safe (stateless). Tearing down what an integration test started. */
final class Resources {

    private Resources() {}

    /**
     * Closes every resource in the order given, skipping nulls, even if an earlier close fails;
     * then throws the first failure with the later ones suppressed.
     */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
