import Domain
import Foundation

/// `/api/v1/customers/{id}/credit`: the balance and ledger (staff any, a customer their own);
/// staff add credit with a 2FA code.
enum CreditAPIHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try CreditLedger.account(customerID: try context.idParameter(), for: context.caller))
    }

    static func add(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let amount = try MoneyInput.amount(try body.text("amount"))
        let account = try CreditLedger(twoFactor: context.services.twoFactor).add(
            customerID: try context.idParameter(), amount: amount, reason: try body.text("reason") ?? "", by: context.caller,
            code: context.stepUpCode)
        return try .json(account, status: .created)
    }
}
