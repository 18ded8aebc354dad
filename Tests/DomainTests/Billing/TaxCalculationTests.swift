@testable import Domain
import Testing

@Suite("Tax math: exclusive and inclusive prices, half-up rounding, which rule applies, input checks")
struct TaxCalculationTests {
    func calc(_ items: String, _ rate: String, inclusive: Bool = false) -> TaxCalculation {
        TaxCalculation(items: Money(items)!, rate: TaxPercent(rate)!, pricesIncludeTax: inclusive)
    }

    @Test("exclusive: tax = rate × items, total = items + tax; half a cent rounds up, less rounds down, negatives mirror")
    func exclusive() {
        #expect(calc("100.00", "19") == TaxCalculation(items: Money("100.00")!, rate: TaxPercent("19.000")!, pricesIncludeTax: false))
        let c = calc("100.00", "19")
        #expect(c.subtotal == Money("100.00")! && c.tax == Money("19.00")! && c.total == Money("119.00")!)
        #expect(calc("0.50", "1").tax == Money("0.01")!)          // 0.005 → 0.01
        #expect(calc("0.49", "1").tax == Money("0.00")!)          // 0.0049 → 0.00
        #expect(calc("-0.50", "1").tax == Money("-0.01")!)        // a credit rounds like its charge
        #expect(calc("33.33", "8.875").tax == Money("2.96")!)     // 2.9580… → 2.96
        #expect(calc("10.00", "0").tax == .zero)
    }

    @Test("inclusive: items contain the tax; tax = items − items/(1+rate), total = items, subtotal is the net amount")
    func inclusive() {
        let c = calc("119.00", "19", inclusive: true)
        #expect(c.tax == Money("19.00")! && c.subtotal == Money("100.00")! && c.total == Money("119.00")!)
        let d = calc("10.00", "19", inclusive: true)               // 1.5966… → 1.60
        #expect(d.tax == Money("1.60")! && d.subtotal == Money("8.40")! && d.total == Money("10.00")!)
        #expect(calc("0.01", "100", inclusive: true).tax == Money("0.01")!)  // exactly half a cent → up
        for (items, rate) in [("0.01", "7.5"), ("99.99", "21"), ("1234.56", "8.875"), ("0.00", "19")] {
            for inclusive in [false, true] {
                let x = calc(items, rate, inclusive: inclusive)
                #expect(x.total == x.subtotal + x.tax, "\(items) at \(rate) %")
            }
        }
    }

    @Test("a percentage has at most three decimals and no sign; it prints with three")
    func percent() {
        #expect(TaxPercent("19")?.description == "19.000" && TaxPercent("8.875")?.description == "8.875" && TaxPercent("7.5")?.thousandths == 7500)
        for bad in ["19.1234", "-1", "abc", "", "1.", ".5", "1e2"] { #expect(TaxPercent(bad) == nil, "\(bad)") }
    }

    @Test("the rule: exempt and reverse charge pay nothing and say why; otherwise the applicable rate")
    func rule() {
        let vat = (name: "VAT", rate: TaxPercent("19")!)
        var buyer = BillingDetails()
        buyer.country = "DE"
        #expect(InvoiceTaxRule(buyer: buyer, sellerCountry: "DE", applicable: vat) == InvoiceTaxRule(name: "VAT", rate: TaxPercent("19")!, note: ""))
        #expect(InvoiceTaxRule(buyer: buyer, sellerCountry: "DE", applicable: nil).rate == .zero)
        buyer.vatNumber = "DE123456789"
        #expect(InvoiceTaxRule(buyer: buyer, sellerCountry: "FR", applicable: vat) == InvoiceTaxRule(name: "VAT", rate: .zero, note: "Reverse charge"))
        #expect(InvoiceTaxRule(buyer: buyer, sellerCountry: "DE", applicable: vat).rate == TaxPercent("19")!, "same country: domestic VAT")
        #expect(InvoiceTaxRule(buyer: buyer, sellerCountry: "US", applicable: vat).rate == TaxPercent("19")!, "seller outside the EU")
        buyer.taxExempt = true
        #expect(InvoiceTaxRule(buyer: buyer, sellerCountry: "DE", applicable: vat).note == "Tax exempt")
    }

    func fields(_ input: [String: String], staff: Bool = true) -> [String] {
        do { _ = try BillingDetails().applying(input, staff: staff); return [] } catch DomainError.validation(let issues) {
            return issues.map(\.field)
        } catch { return ["?"] }
    }

    @Test("billing details: known country, region needs a country, VAT number shape and EU prefix, tax-exempt by staff only")
    func details() throws {
        let ok = try BillingDetails().applying(["country": " de ", "vat_number": "de 123.456-789", "city": "Berlin"], staff: false)
        #expect(ok.country == "DE" && ok.vatNumber == "DE123456789" && ok.city == "Berlin")
        #expect(try BillingDetails().applying(["country": "GR", "vat_number": "EL123456789"], staff: false).vatNumber == "EL123456789")
        #expect(fields(["country": "XX"]) == ["country"])
        #expect(fields(["region": "CA"]) == ["region"])
        #expect(fields(["country": "US", "region": "CALI"]) == ["region"])
        #expect(fields(["vat_number": "123"]) == ["vat_number"])
        #expect(fields(["country": "DE", "vat_number": "FR12345678901"]) == ["vat_number"])
        #expect(fields(["city": String(repeating: "x", count: 101)]) == ["city"])
        #expect(fields(["tax_exempt": "true"], staff: false) == ["tax_exempt"])
        #expect(try BillingDetails().applying(["tax_exempt": "true"], staff: true).taxExempt)
    }

    func settingsFields(_ input: [String: String]) -> [String] {
        let base = BillingSettings(timeZone: .init(identifier: "UTC")!, invoicePrefix: "INV-", leadDays: [.monthly: 14, .quarterly: 14, .yearly: 14])
        do { _ = try BillingSettingsChange.applying(input, to: base); return [] } catch DomainError.validation(let issues) {
            return issues.map(\.field).sorted()
        } catch { return ["?"] }
    }

    @Test("settings: a known time zone, a short plain prefix, lead days 0–365, IBAN check digits, BIC shape, seller country")
    func settings() throws {
        #expect(settingsFields(["time_zone": "Europe/Berlin", "invoice_prefix": "ACME/", "lead_days_yearly": "365",
                                "bank_iban": "DE89 3704 0044 0532 0130 00", "bank_bic": "cobadeffxxx", "seller_country": "DE"]).isEmpty)
        #expect(settingsFields(["time_zone": "Mars/Olympus"]) == ["time_zone"])
        #expect(settingsFields(["invoice_prefix": "IN V"]) == ["invoice_prefix"])
        #expect(settingsFields(["invoice_prefix": String(repeating: "A", count: 21)]) == ["invoice_prefix"])
        #expect(settingsFields(["lead_days_monthly": "366", "lead_days_quarterly": "-1"]) == ["lead_days_monthly", "lead_days_quarterly"])
        #expect(settingsFields(["bank_iban": "DE88 3704 0044 0532 0130 00"]) == ["bank_iban"])
        #expect(settingsFields(["bank_bic": "COBA"]) == ["bank_bic"])
        #expect(settingsFields(["seller_country": "ZZ"]) == ["seller_country"])
        #expect(settingsFields(["prices_include_tax": "maybe"]) == ["prices_include_tax"])
    }

    @Test("a tax rate: known country, rate 0–100 with at most three decimals, a name")
    func rateFields() throws {
        func issues(_ input: [String: String]) -> [String] {
            do { _ = try TaxRate.Fields(input); return [] } catch DomainError.validation(let issues) { return issues.map(\.field) } catch { return ["?"] }
        }
        #expect(issues(["country": "us", "region": "ca", "name": "Sales tax", "rate": "7.25"]).isEmpty)
        #expect(issues(["country": "XX", "name": "VAT", "rate": "19"]) == ["country"])
        #expect(issues(["country": "DE", "name": "VAT", "rate": "-1"]) == ["rate"])
        #expect(issues(["country": "DE", "name": "VAT", "rate": "19.1234"]) == ["rate"])
        #expect(issues(["country": "DE", "name": "VAT", "rate": "100.001"]) == ["rate"])
        #expect(issues(["country": "DE", "rate": "19"]) == ["name"])
    }
}
