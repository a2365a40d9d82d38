package io.quiver.server.cluster;

/**
 * What every cluster process has: the resources it opened (closed in reverse order) and the gRPC server
 * it serves on. Subclasses start in {@link #started}, which closes what a failed start had opened.
 */
abstract class ClusterRole implements AutoCloseable {
    final ProcessResources resources = new ProcessResources();
    RpcServers.Running server;

    /** One step of a start that may block (a coordinator waits to be elected). */
    interface Startup<R> {
        void run(R role) throws InterruptedException;
    }

    static <R extends ClusterRole> R started(R role, Startup<R> startup) throws InterruptedException {
        try {
            startup.run(role);
        } catch (RuntimeException | InterruptedException e) {
            role.close();
            throw e;
        }
        return role;
    }

    /** The port this process serves on. */
    public int port() {
        return server.port();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        resources.close();
    }
}
