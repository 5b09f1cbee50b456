import NIOCore
import NIOPosix

// The web server runs Swift concurrency on NIO's event loops: a request's handler then runs on the
// thread that reads and writes its connection instead of hopping to Swift's pool and back. It must
// happen before anything else uses concurrency, hence here; the other commands keep the default
// executor.
if CommandLine.arguments.dropFirst().first == "serve" {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
await EQMS.start()
