import Domain
import Foundation
import Views

/// The server edit form read into an edit: only fields whose value changed are sent, and
/// empty password fields mean "keep the current one".
struct ServerEditForm {
    /// What the user typed (passwords left out), for showing the form again.
    let submitted: [String: String]
    let input: InstanceEdits.Input

    init(form: QueryParameters, server: ServerInstance) {
        var submitted: [String: String] = [:]
        var input = InstanceEdits.Input()
        for name in InstanceEdits.Input.fields {
            let raw = form[name] ?? ""
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if !ServerEditField.secretFields.contains(name) { submitted[name] = raw }
            guard !value.isEmpty else { continue }
            if ServerEditField.unshownFields.contains(name) || value != ServerEditField.storedValue(name, of: server) {
                input.scalars[name] = ServerEditField.secretFields.contains(name) ? raw : value
            }
        }
        self.submitted = submitted
        self.input = input
    }
}
