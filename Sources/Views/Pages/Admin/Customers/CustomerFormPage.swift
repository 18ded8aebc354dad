import Domain

/// The form that creates a customer account.
public struct CustomerFormPage: PageModel {
    public let template = "admin/customers/new"
    public let title = "New customer"
    public var email: String
    public var name: String
    public var company: String
    public var phone: String
    public var emailError: String?
    public var nameError: String?
    public var companyError: String?
    public var phoneError: String?
    public var passwordError: String?
    public var hasErrors: Bool
    public var minimumPasswordLength: Int
    public var csrfToken: String

    /// The empty form, or `submitted` again with its field `errors`.
    public init(submitted: CustomerInput? = nil, errors: FormErrors = FormErrors(), csrfToken: String) {
        email = submitted?.email ?? ""
        name = submitted?.name ?? ""
        company = submitted?.company ?? ""
        phone = submitted?.phone ?? ""
        emailError = errors["email"]
        nameError = errors["name"]
        companyError = errors["company"]
        phoneError = errors["phone"]
        passwordError = errors["password"]
        hasErrors = !errors.isEmpty
        minimumPasswordLength = AccountInput.minimumPasswordLength
        self.csrfToken = csrfToken
    }
}
