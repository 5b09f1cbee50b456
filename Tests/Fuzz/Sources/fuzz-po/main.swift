import Foundation
import FuzzSupport

// libFuzzer runs the target until it is told to stop or finds a crash.
exit(FuzzDriver.run(poFuzz))
