import Foundation

extension ReportQuery {
    /// The query in `parameters`, with missing dates defaulting to the months around today in the
    /// company's time zone (billing settings).
    public static func parse(_ parameters: [String: String], for caller: Caller, at moment: Date = Date()) throws -> ReportQuery {
        try parse(parameters, today: try BillingSettings.load(on: caller.connection).today(at: moment))
    }
}
