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

    public init(
        email: String = "", name: String = "", company: String = "", phone: String = "", errors: FormErrors = FormErrors(),
        minimumPasswordLength: Int, csrfToken: String
    ) {
        self.email = email
        self.name = name
        self.company = company
        self.phone = phone
        emailError = errors["email"]
        nameError = errors["name"]
        companyError = errors["company"]
        phoneError = errors["phone"]
        passwordError = errors["password"]
        hasErrors = !errors.isEmpty
        self.minimumPasswordLength = minimumPasswordLength
        self.csrfToken = csrfToken
    }
}
