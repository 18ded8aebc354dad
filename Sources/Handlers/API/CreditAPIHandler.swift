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
        guard let amountText = try body.text("amount") else { throw DomainError.invalid("amount", "is required") }
        guard let amount = Money(amountText) else { throw DomainError.invalid("amount", "must be an amount with at most two decimals, like 29.99") }
        let account = try CreditLedger(twoFactor: context.services.twoFactor).add(
            customerID: try context.idParameter(), amount: amount, reason: try body.text("reason") ?? "", by: context.caller,
            code: context.stepUpCode)
        return try .json(account, status: .created)
    }
}
