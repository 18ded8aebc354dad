import Postgres

/// "Sign-in from a new address" (required): a full sign-in from an address none of the user's
/// earlier sessions came from — not the very first sign-in — once per user and address.
enum SignInNotice {
    static func queueIfNew(userID: Int, address: String, excluding sessionID: Int? = nil, on connection: PostgresConnection) throws {
        let seen = try connection.query(
            """
            SELECT count(*) AS earlier, count(*) FILTER (WHERE remote_address = \(address)) AS here
            FROM sessions WHERE user_id = \(userID) AND id IS DISTINCT FROM \(sessionID)
            """)[0]
        guard try seen.decode(Int.self, "earlier") > 0, try seen.decode(Int.self, "here") == 0, !address.isEmpty else { return }
        let key = "security.new_sign_in:\(userID):" + String(address.lowercased().map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? $0 : "-" }.prefix(60))
        try Notify.user("security.new_sign_in", key: key, customerID: userID,
                        values: ["address": address, "link": try NotificationSettings.load(on: connection).portalURL + "/account"], on: connection)
    }
}
