/// What a user is: staff (admin or staff) or a customer.
public enum Role: String, Sendable, Codable, CaseIterable {
    case admin, staff, customer

    /// Admins and staff work in `/admin`; customers in `/my`.
    public var isStaff: Bool { self != .customer }
}
