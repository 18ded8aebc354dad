import Foundation
import Postgres

/// "Two-factor sign-in turned on/off" (required): queued with the change, one per change.
enum TwoFactorNotice {
    static func queue(userID: Int, state: String, on connection: PostgresConnection) throws {
        let link = try NotificationSettings.load(on: connection).portalURL + "/account"
        let stamp = Int(Date().timeIntervalSince1970 * 1000)
        try Notify.user("security.two_factor", key: "security.two_factor:\(userID):\(state):\(stamp)", customerID: userID,
                        values: ["state": state, "link": link], on: connection)
    }
}
