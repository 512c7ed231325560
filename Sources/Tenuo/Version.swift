import TenuoCore

/// Returns the library version as `major * 10000 + minor * 100 + patch`.
@c public func tenuo_version_number() -> Int32 { TenuoVersion.number }
