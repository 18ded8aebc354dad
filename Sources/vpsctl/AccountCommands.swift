import ArgumentParser
import Domain
import Postgres

/// `vpsctl admin create`: a staff account, with a TOTP secret to enrol.
struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Manage staff accounts.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a staff account (password on stdin); prints the TOTP secret and otpauth:// URI.")

        @Option(help: "Email address (the sign-in name).") var email: String
        @Option(help: "Display name.") var name: String?
        @Option(help: "admin or staff.") var role: String = "admin"

        func run() throws {
            guard let role = Role(rawValue: role), role.isStaff else { throw ValidationError("--role must be admin or staff") }
            let configuration = try Configuration.load()
            let connection = try PostgresConnection(connectionString: configuration.databaseURL)
            let user = try CommandFailure.report {
                try Users.create(
                    on: connection, email: email, name: name, password: PasswordInput.read(), role: role,
                    actor: .commandLine, origin: .commandLine)
            }
            let enrolment = try TwoFactor(box: try configuration.secretBox()).pendingEnrolment(for: user, on: connection)
            print("created \(role.rawValue) \(user.email) (id \(user.id))")
            print("TOTP secret: \(enrolment.secretBase32)")
            print("otpauth URI: \(enrolment.uri)")
            print("Add the secret to an authenticator app; the first sign-in confirms it with a code: the /login page, or")
            print("POST /api/v1/auth/login with email, password and totp (the answer carries the token and the recovery codes).")
        }
    }
}

/// `vpsctl customer create`.
struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer", abstract: "Manage customer accounts.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a customer account (password on stdin).")

        @Option(help: "Email address (the sign-in name).") var email: String
        @Option(help: "Display name.") var name: String?

        func run() throws {
            let configuration = try Configuration.load()
            let connection = try PostgresConnection(connectionString: configuration.databaseURL)
            let user = try CommandFailure.report {
                try Users.create(
                    on: connection, email: email, name: name, password: PasswordInput.read(), role: .customer,
                    actor: .commandLine, origin: .commandLine)
            }
            print("created customer \(user.email) (id \(user.id))")
        }
    }
}

/// `vpsctl token create`: an API token for automation, printed once.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for an account; prints it once.")

        @Option(help: "The account's email.") var email: String
        @Option(help: "A name to recognise the token by.") var name: String = "cli"
        @Option(help: "read or write.") var scope: String = "read"

        func run() throws {
            guard let scope = APIToken.Scope(rawValue: scope) else { throw ValidationError("--scope must be read or write") }
            let configuration = try Configuration.load()
            let connection = try PostgresConnection(connectionString: configuration.databaseURL)
            guard let user = try Users.find(email: email, on: connection) else { throw ValidationError("no account \(email)") }
            let issued = try CommandFailure.report {
                try APITokens.issue(on: connection, user: user, name: name, scope: scope, actor: .commandLine, origin: .commandLine)
            }
            print(issued.token)
        }
    }
}

/// Turns domain refusals into readable command-line errors.
enum CommandFailure {
    static func report<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch DomainError.validation(let issues) {
            throw ValidationError(issues.map { "\($0.field) \($0.message)" }.joined(separator: "; "))
        }
    }
}
