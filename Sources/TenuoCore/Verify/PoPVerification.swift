/// Checking a proof of possession for one warrant, with the caller's choice of how many time
/// windows to accept (the ABI's `tenuo_warrant_verify_pop`, the SDK's `Warrant.verify_pop`).
extension ProofOfPossession {
    /// The number of 30 s windows a verifier tries for a caller's request: 0 selects the
    /// default (`Limits.popDefaultMaxWindows`); any other count must lie in
    /// `Limits.popMinWindows...Limits.popMaxWindows` (2–10).
    /// `name` is the setting's name in the error message (the authorizer's is `pop_max_windows`).
    /// - Throws: `invalidArgument` for a count outside that range.
    public static func windowCount(requested: Int, name: String = "max_windows") throws(TenuoError) -> Int {
        let windows = requested == 0 ? Limits.popDefaultMaxWindows : requested
        guard (Limits.popMinWindows...Limits.popMaxWindows).contains(windows) else {
            throw TenuoError(.invalidArgument, "\(name) must be \(Limits.popMinWindows)–\(Limits.popMaxWindows), got \(requested)")
        }
        return windows
    }
}

extension Warrant {
    /// Checks that `signature` is this warrant's holder's proof of possession for the call, in
    /// one of `maxWindows` windows around `now` (0 selects the default; see
    /// `ProofOfPossession.windowCount`).
    /// - Throws: `invalidArgument` for a window count outside 2–10; `signatureInvalid` when the
    ///   proof does not verify in any of the windows.
    public func verifyCall(tool: String, args: [String: Value], signature: [UInt8], now: Int64, maxWindows: Int = 0,
                           form: ProofOfPossession.IDForm = .bareHex) throws(TenuoError) {
        let windows = try ProofOfPossession.windowCount(requested: maxWindows)
        guard ProofOfPossession.verify(holder: payload.holder, id: id, tool: tool, args: args, signature: signature,
                                       now: now, maxWindows: windows, form: form)
        else { throw TenuoError(.signatureInvalid, "proof-of-possession verification failed") }
    }
}
