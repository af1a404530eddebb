extension HTML.Interpolation {
    /// A customer ID as it reads (`CUST0000047`): letters and digits only, nothing to escape.
    public mutating func appendInterpolation(_ id: CustomerID) {
        appendInterpolation(id.description)
    }
}
