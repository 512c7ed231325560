// Warrant chains (root first), as CBOR stacks and text.
import TenuoCore

func chainOf(_ p: OpaquePointer?) throws(TenuoError) -> WarrantChain { try borrow(p, "chain", as: WarrantChain.self).value }

/// Parses a chain from text: base64 of a CBOR stack or of a single warrant (URL-safe or
/// standard alphabet), a `TENUO WARRANT CHAIN` PEM block, or concatenated `TENUO WARRANT`
/// blocks (root first). Every signature is verified while decoding.
///
/// Ownership: the caller owns `*out` (`tenuo_chain_free`).
/// - Parameters:
///   - text: UTF-8 text.
///   - text_len: Its length in bytes.
///   - out: Receives the chain; NULL on failure.
/// - Returns: TENUO_OK or the first failure (TENUO_E_INVALID_ENCODING, TENUO_E_CHAIN_TOO_LARGE, ...).
@c public func tenuo_chain_parse(_ text: UnsafePointer<CChar>?, _ text_len: UInt, _ out: UnsafeMutablePointer<tenuo_chain_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "chain")
        o.pointee = retain(try WarrantChain(parsing: try Tenuo.text(text, text_len, "chain text")))
    }
}

/// Decodes a chain from CBOR: a warrant stack (array of envelopes) or a single envelope.
///
/// Ownership: the caller owns `*out` (`tenuo_chain_free`).
/// - Parameters:
///   - data: The CBOR bytes.
///   - data_len: Their length (at most 256 KiB).
///   - out: Receives the chain; NULL on failure.
/// - Returns: TENUO_OK or the first failure.
@c public func tenuo_chain_from_bytes(_ data: UnsafePointer<UInt8>?, _ data_len: UInt, _ out: UnsafeMutablePointer<tenuo_chain_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "chain")
        o.pointee = retain(try WarrantChain(decoding: try bytes(data, data_len, "chain bytes")))
    }
}

/// Creates a chain holding one warrant (the root).
///
/// Ownership: the caller owns `*out` (`tenuo_chain_free`).
/// - Parameters:
///   - root: The first warrant (borrowed; the chain keeps its own reference).
///   - out: Receives the chain.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_chain_new(_ root: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<tenuo_chain_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "chain")
        o.pointee = retain(try WarrantChain([try warrantOf(root, "root")]))
    }
}

/// Creates a new chain: `chain` followed by `child` (chains are immutable). Links are checked
/// by `tenuo_authorizer_verify_chain`, not here.
///
/// Ownership: the caller owns `*out` (`tenuo_chain_free`).
/// - Parameters:
///   - chain: The chain so far (borrowed).
///   - child: The next warrant (borrowed).
///   - out: Receives the longer chain.
/// - Returns: TENUO_OK, TENUO_E_CHAIN_TOO_LONG, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_chain_push(_ chain: tenuo_chain_cref?, _ child: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<tenuo_chain_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "chain")
        o.pointee = retain(try WarrantChain(try chainOf(chain).warrants + [try warrantOf(child, "child")]))
    }
}

/// Returns the number of warrants in a chain (0 for NULL).
/// - Parameters:
///   - chain: The chain (borrowed).
@c public func tenuo_chain_len(_ chain: tenuo_chain_cref?) -> UInt { UInt((try? chainOf(chain))?.warrants.count ?? 0) }

/// Returns the warrant at `index` (0 = root).
///
/// Ownership: the caller owns `*out` (`tenuo_warrant_free`).
/// - Parameters:
///   - chain: The chain (borrowed).
///   - index: The position, below `tenuo_chain_len`.
///   - out: Receives the warrant.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (index out of range), or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_chain_get(_ chain: tenuo_chain_cref?, _ index: UInt, _ out: UnsafeMutablePointer<tenuo_warrant_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let ws = try chainOf(chain).warrants
        guard index < UInt(ws.count) else { throw misuse(.invalidArgument, "index \(index) is past the end of a chain of \(ws.count)") }
        try requireOut(out, "warrant").pointee = retain(ws[Int(index)])
    }
}

/// Returns the chain as a CBOR warrant stack.
///
/// Ownership: release `*out` with `tenuo_bytes_free(*out, *out_len)`.
/// - Parameters:
///   - chain: The chain (borrowed).
///   - out: Receives the bytes.
///   - out_len: Receives their length.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_chain_to_bytes(
    _ chain: tenuo_chain_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, _ out_len: UnsafeMutablePointer<UInt>?
) -> tenuo_status {
    clear(out)
    out_len?.pointee = 0
    return guarded { () throws(TenuoError) in
        try output(try chainOf(chain).stackBytes, to: try requireOut(out, "bytes"), length: try requireOut(out_len, "length"))
    }
}

/// Returns the chain's CBOR stack as URL-safe base64 without padding.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - chain: The chain (borrowed).
///   - out: Receives the text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_chain_to_base64(_ chain: tenuo_chain_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in try output(try chainOf(chain).base64, to: try requireOut(out, "text")) }
}

/// Returns the chain as one `TENUO WARRANT CHAIN` PEM block.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - chain: The chain (borrowed).
///   - out: Receives the text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_chain_to_pem(_ chain: tenuo_chain_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in try output(try chainOf(chain).pem, to: try requireOut(out, "text")) }
}

/// Releases a chain. NULL is ignored.
/// - Parameters:
///   - chain: The chain (owned).
@c public func tenuo_chain_free(_ chain: tenuo_chain_ref?) { release(chain, as: WarrantChain.self, "chain") }
