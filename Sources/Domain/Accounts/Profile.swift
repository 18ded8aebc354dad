import Postgres

/// A user's own profile as the account page and `GET/PATCH /api/v1/account` show it: the account
/// and, for customers, company, phone and billing details.
public struct Profile: Sendable, Equatable, Encodable {
    public var user: User
    /// The customer's company; nil for staff, who have none.
    public var company: String?
    /// The customer's phone number; nil for staff.
    public var phone: String?
    /// The customer's billing details; nil for staff.
    public var billing: BillingDetails?

    enum CodingKeys: String, CodingKey { case company, phone }

    /// The profile of user `id`, or nil when there is no such user.
    static func load(userID id: Int, on connection: PostgresConnection) throws -> Profile? {
        guard let row = try connection.query("SELECT \(User.columns), u.company, u.phone, \(BillingDetails.columns) FROM users u WHERE u.id = $1", [id]).firstRow else {
            return nil
        }
        let user = try User(row: row)
        let isCustomer = user.role == .customer
        return Profile(user: user, company: isCustomer ? try row.decode(String.self, "company") : nil,
                       phone: isCustomer ? try row.decode(String.self, "phone") : nil, billing: isCustomer ? try BillingDetails(row: row) : nil)
    }

    /// The user's fields, then `company` and `phone` (null for staff), then a customer's billing details.
    public func encode(to encoder: Encoder) throws {
        try user.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(company, forKey: .company)
        try container.encode(phone, forKey: .phone)
        try billing?.encode(to: encoder)
    }
}
