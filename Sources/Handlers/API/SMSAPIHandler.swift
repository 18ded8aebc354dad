import Domain

/// `/api/v1/settings/notifications/sms` (admins; changes need `X-2FA-Code`; the token is
/// write-only) and `/api/v1/account/phone` (the caller's SMS number, confirmed by a code).
enum SMSAPIHandler {
    static func settings(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.caller.admin()
        return try .json(try SMSSettings.load(on: context.caller.connection))
    }

    static func updateSettings(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try SMSSettings.update(try JSONObject(context).texts(SMSSettings.fields), box: context.services.paymentGateways.box,
                                         twoFactor: context.services.twoFactor, by: context.caller, code: context.stepUpCode))
    }

    static func phone(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(PhoneBody(phone: try PhoneConfirmation.current(for: context.caller)))
    }

    /// `PUT {"phone": "+49…"}`: a code is sent to it; 202.
    static func startPhone(_ request: Request, _ context: RequestContext) throws -> Response {
        try PhoneConfirmation.start(phone: try JSONObject(context).text("phone") ?? "", for: context.caller)
        return try .json(["status": "code_sent"], status: .accepted)
    }

    static func confirmPhone(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(PhoneBody(phone: try PhoneConfirmation.confirm(code: try JSONObject(context).text("code") ?? "", for: context.caller)))
    }

    static func removePhone(_ request: Request, _ context: RequestContext) throws -> Response {
        try PhoneConfirmation.remove(for: context.caller)
        return try .json(PhoneBody(phone: nil))
    }

    struct PhoneBody: Encodable {
        var phone: String?
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(phone, forKey: .phone)
        }
        enum CodingKeys: String, CodingKey { case phone }
    }
}
