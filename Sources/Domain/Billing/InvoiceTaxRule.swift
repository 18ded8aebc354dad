/// Which tax an invoice carries: the buyer's rate (region's, else country's), or none for a
/// tax-exempt buyer, or none under the EU reverse charge — a business buyer (VAT number given)
/// in another EU country than an EU seller accounts for the VAT itself; the invoice says so.
public struct InvoiceTaxRule: Sendable, Equatable {
    public var name: String
    public var rate: TaxPercent
    /// Printed on the invoice when no tax is charged for a reason: "Reverse charge", "Tax exempt".
    public var note: String

    public static let reverseCharge = "Reverse charge"
    public static let exempt = "Tax exempt"

    /// The rule for `buyer` billed by a seller in `sellerCountry`, `applicable` being the rate
    /// for the buyer's country and region (nil: none).
    public init(buyer: BillingDetails, sellerCountry: String, applicable: (name: String, rate: TaxPercent)?) {
        let eu = CountryCode.europeanUnion
        if buyer.taxExempt {
            self.init(name: applicable?.name ?? "", rate: .zero, note: Self.exempt)
        } else if !buyer.vatNumber.isEmpty, eu.contains(buyer.country), eu.contains(sellerCountry), buyer.country != sellerCountry {
            self.init(name: applicable?.name ?? "VAT", rate: .zero, note: Self.reverseCharge)
        } else {
            self.init(name: applicable?.name ?? "", rate: applicable?.rate ?? .zero, note: "")
        }
    }

    public init(name: String, rate: TaxPercent, note: String) {
        self.name = name
        self.rate = rate
        self.note = note
    }
}
