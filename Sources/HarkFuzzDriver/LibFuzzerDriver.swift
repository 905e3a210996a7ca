// The entry into libFuzzer's driver, shared by the fuzz targets (scripts/fuzz.sh). This target
// exists only when Package.swift is evaluated with HARK_FUZZ=1.
//
// SwiftPM links an executable target with `--defsym main=<Module>_main`, so libFuzzer's own `main`
// is never reached: each target defines `<Module>_main` and hands over to the driver through
// ``runLibFuzzer(_:_:_:)``.

/// A libFuzzer test function: `LLVMFuzzerTestOneInput`.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_extern(c, "LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ target: FuzzTarget
) -> CInt

/// Runs libFuzzer's driver with the process's arguments and `target`.
public func runLibFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ target: FuzzTarget
) -> CInt {
    var argc = argc
    var argv = argv
    return llvmFuzzerRunDriver(&argc, &argv, target)
}
