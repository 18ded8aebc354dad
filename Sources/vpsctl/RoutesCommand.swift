import ArgumentParser
import Foundation
import Handlers

/// `vpsctl routes`: the route table with each route's declared audience, as JSON lines — what
/// the OpenAPI and twin checks read instead of parsing Swift sources.
struct RoutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes", abstract: "Print every route with its audience and step-up flag (one JSON object a line).")

    func run() throws {
        for route in Routes.all().registered {
            let line: [String: Any] = [
                "method": route.method, "pattern": route.pattern, "audience": route.access.audience.rawValue, "step_up": route.access.stepUp,
            ]
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
