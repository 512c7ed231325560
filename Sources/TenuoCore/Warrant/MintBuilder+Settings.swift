/// Mint builder settings that combine a new value with what the builder holds (lists that grow,
/// sets merged argument by argument). They were applied by the C ABI; they are rules of the
/// builder, so they live here and the ABI only converts and calls one of them.
extension MintBuilder {
    /// Adds a required approver at the end of the list. A key given twice is kept twice, as the
    /// reference's mint builder keeps the list it is given (its grant builder, unlike this one,
    /// skips a key already present: `GrantBuilder.addRequiredApprover`).
    public mutating func addRequiredApprover(_ key: PublicKey) {
        requiredApprovers = (requiredApprovers ?? []) + [key]
    }

    /// Merges constraint bounds (issuer warrants) into the ones set before, argument by
    /// argument: an argument in `set` replaces the earlier bound of that argument.
    /// - Throws: `tooManyConstraints`/`valueTooLarge` past the set's limits.
    public mutating func mergeConstraintBounds(_ set: ConstraintSet) throws(TenuoError) {
        for (arg, c) in set.constraints { try setConstraintBound(arg, c) }
    }

    /// Sets the constraints of the tools added by name: merged into the ones set before
    /// (an argument in `set` replaces its earlier constraint), or replacing all of them when
    /// `replace`. `allowUnknown` is only ever switched on by a merge.
    /// - Throws: `tooManyConstraints`/`valueTooLarge` past the set's limits.
    public mutating func setSharedConstraints(_ set: ConstraintSet, replace: Bool) throws(TenuoError) {
        if replace { sharedConstraints = ConstraintSet() }
        for (arg, c) in set.constraints { try setSharedConstraint(arg, c) }
        if set.allowUnknown { sharedConstraints.allowUnknown = true }
    }

    /// Replaces the issuable tools (issuer warrants) with `names`, in order.
    /// - Throws: the tool-name rules of `checkToolName` (the list is then left with the names
    ///   before the refused one).
    public mutating func setIssuableTools(_ names: [String]) throws(TenuoError) {
        issuableTools = []
        for n in names { try addIssuableTool(n) }
    }
}
