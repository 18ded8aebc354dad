import Domain

/// The product form, for a new product or an existing one (with version, activation and delete).
public struct ProductFormPage: PageModel {
    public let template = "admin/products/form"
    public let title: String

    /// One rendered input with its value and its error.
    public struct Field: Sendable {
        public var name: String
        public var id: String
        public var label: String
        public var value: String
        public var hint: String?
        public var error: String?
        public var isInput: Bool
        public var inputType: String
        public var inputMode: String?
        public var isTextarea: Bool
        public var isSelect: Bool
        public var isCheckbox: Bool
        public var isChecked: Bool
        public var options: [SelectOption]
    }

    /// A fieldset.
    public struct Section: Sendable {
        public var legend: String
        public var fields: [Field]
    }

    public var heading: String
    public var action: String
    public var submitLabel: String
    public var sections: [Section]
    /// Set when editing an existing product.
    public var productID: Int?
    public var version: Int?
    public var isEdit: Bool
    public var activeValue: String
    public var activeLabel: String
    public var csrfToken: String
    public var hasErrors: Bool
    /// An error to show above the form (a conflict, a refused delete).
    public var alert: String?
    /// A confirmation to show above the form.
    public var notice: String?
    public var changes: [FieldChange]
    public var hasChanges: Bool

    /// `values` are the fields' texts by contract name; `changes` name fields by contract name too.
    public init(
        productID: Int?, version: Int?, values: [String: String], errors: FormErrors = FormErrors(), csrfToken: String,
        alert: String? = nil, notice: String? = nil, changes: [(field: String, current: String, yours: String)] = []
    ) {
        let name = values["name"] ?? ""
        title = productID == nil ? "New product" : "Product \(name)"
        heading = productID.map { "Edit product #\($0)" } ?? "New product"
        action = productID.map { "/admin/products/\($0)" } ?? "/admin/products"
        submitLabel = productID == nil ? "Create product" : "Save changes"
        self.productID = productID
        self.version = version
        isEdit = productID != nil
        let active = values["is_active"] == "true"
        activeValue = active ? "false" : "true"
        activeLabel = active ? "Deactivate" : "Activate"
        self.csrfToken = csrfToken
        hasErrors = !errors.isEmpty
        self.alert = alert
        self.notice = notice
        self.changes = changes.map { FieldChange(label: ProductFields.spec($0.field)?.label ?? $0.field, current: $0.current, yours: $0.yours) }
        hasChanges = !self.changes.isEmpty
        sections = ProductFields.sections.map { section in
            Section(legend: section.legend, fields: section.fields.map { Self.field($0, value: values[$0.name] ?? "", error: errors[$0.name]) })
        }
    }

    private static func field(_ spec: ProductFields.Spec, value: String, error: String?) -> Field {
        var options: [SelectOption] = []
        switch spec.kind {
        case .serverType: options = ServerType.allCases.map { SelectOption(value: $0.rawValue, selected: $0.rawValue == value) }
        case .provisioningType: options = ProvisioningType.allCases.map { SelectOption(value: $0.rawValue, selected: $0.rawValue == value) }
        default: break
        }
        if spec.kind == .serverType && value.isEmpty { options.insert(SelectOption(value: "", label: "Choose…", selected: true), at: 0) }
        let isInput = [.text, .integer, .money].contains(spec.kind)
        return Field(
            name: spec.name, id: "product-" + spec.name.replacingOccurrences(of: "_", with: "-"), label: spec.label, value: value,
            hint: spec.hint, error: error, isInput: isInput, inputType: spec.kind == .integer ? "number" : "text",
            inputMode: spec.kind == .money ? "decimal" : nil, isTextarea: spec.kind == .longText || spec.kind == .list,
            isSelect: !options.isEmpty, isCheckbox: spec.kind == .checkbox, isChecked: value == "true", options: options)
    }
}
