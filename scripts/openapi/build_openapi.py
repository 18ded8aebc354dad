#!/usr/bin/env python3
"""Writes static/openapi.json, the OpenAPI 3.1 description of VPS Portal's JSON API.

The JSON file is the checked-in source of truth that the workers serve at
/api/v1/openapi.json; this script is how it is edited. Change the tables below,
run `python3 scripts/openapi/build_openapi.py`, commit both.
`--check` exits 1 when static/openapi.json differs from what the script would write.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, "static", "openapi.json")


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind, **extra):
    return {"type": [kind, "null"], **extra}


MONEY = {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "description": "An exact amount as a decimal string.",
         "examples": ["29.99"]}
MONEY_INPUT = {"type": ["string", "number"],
               "description": "An amount: a decimal string (\"29.99\") or a number with at most two decimals."}
TIME = {"type": "string", "format": "date-time", "description": "RFC 3339, UTC."}
TIME_OR_NULL = nullable("string", format="date-time")
ID = {"type": "integer", "minimum": 1}
SERVER_STATUSES = ["pending_provisioning", "provisioning", "active", "suspended", "terminated", "failed"]
ORDER_STATUSES = ["pending", "paid", "active", "cancelled", "refunded"]
INVOICE_STATUSES = ["draft", "unpaid", "paid", "cancelled", "refunded"]
PAYMENT_ATTEMPT_STATUSES = ["pending", "unknown", "succeeded", "failed"]
JOB_ACTIONS = ["provision", "suspend", "unsuspend", "terminate", "reboot", "change_password", "status", "change_package"]
SESSION_EVENTS = ["login_succeeded", "login_failed", "login_throttled", "second_factor_succeeded", "second_factor_failed",
                  "second_factor_replayed", "recovery_code_used", "csrf_refused", "token_issued", "token_refused", "logout",
                  "sessions_ended", "webhook_refused", "password_reset_requested", "password_reset"]


def obj(properties, required=(), description=None, additional=True):
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    if not additional:
        schema["additionalProperties"] = False
    return schema


def listing(item, description):
    return obj({"items": {"type": "array", "items": ref(item)},
                "next_cursor": nullable("string", description="Pass as `cursor` for the next page; null on the last page.")},
               ["items", "next_cursor"], description)


# --- schemas ------------------------------------------------------------------------------------

BILLING_DETAILS = {
    "country": {"type": "string", "pattern": "^([A-Z]{2})?$", "description": "ISO 3166-1 alpha-2; '' when not given."},
    "region": {"type": "string", "pattern": "^([A-Z0-9]{1,3})?$", "description": "Subdivision code (e.g. CA for US-CA); needs a country."},
    "address_line1": {"type": "string", "maxLength": 200}, "address_line2": {"type": "string", "maxLength": 200},
    "city": {"type": "string", "maxLength": 100}, "postcode": {"type": "string", "maxLength": 20},
    "vat_number": {"type": "string", "description": "Stored without spaces, dots or dashes; a 2-letter prefix then 2–13 letters or "
                   "digits; an EU customer's starts with their country's prefix (EL for GR)."},
    "tax_exempt": {"type": "boolean", "description": "No tax on new invoices. Only staff may change it."},
}
BILLING_SETTINGS = {
    "time_zone": {"type": "string", "examples": ["Europe/Berlin"], "description": "A time zone Foundation knows; due dates are days in it."},
    "invoice_prefix": {"type": "string", "pattern": "^[A-Za-z0-9_./-]{0,20}$"},
    "lead_days_monthly": {"type": "integer", "minimum": 0, "maximum": 365},
    "lead_days_quarterly": {"type": "integer", "minimum": 0, "maximum": 365},
    "lead_days_yearly": {"type": "integer", "minimum": 0, "maximum": 365},
    "apply_credit_automatically": {"type": "boolean"},
    "prices_include_tax": {"type": "boolean", "description": "Item prices contain the tax; an invoice's subtotal is then the net amount."},
    "seller_company": {"type": "string", "maxLength": 200}, "seller_address": {"type": "string", "maxLength": 1000},
    "seller_country": {"type": "string", "description": "ISO 3166-1 alpha-2; decides the EU reverse charge."},
    "seller_vat_number": {"type": "string"}, "seller_registration_number": {"type": "string", "maxLength": 50},
    "bank_name": {"type": "string", "maxLength": 200},
    "bank_iban": {"type": "string", "description": "Stored without spaces; check digits are verified."},
    "bank_bic": {"type": "string", "description": "8 or 11 characters."},
    "payment_instructions": {"type": "string", "maxLength": 1000},
}
TAX_RATE_FIELDS = {
    "country": {"type": "string", "examples": ["DE"], "description": "ISO 3166-1 alpha-2."},
    "region": {"type": "string", "description": "'' for the whole country, else a subdivision code that overrides it."},
    "name": {"type": "string", "minLength": 1, "maxLength": 50, "examples": ["VAT"]},
}

WEBHOOK_EVENTS = ["order.created", "order.paid", "invoice.issued", "invoice.paid", "invoice.overdue", "payment.received",
                  "payment.refunded", "server.active", "server.suspended", "server.unsuspended", "server.terminated", "customer.created"]
WEBHOOK_DESCRIPTION = """Each event is POSTed as `{"id", "type", "created", "data"}` through the outbox (retries with backoff), once per subscription and event id, with `X-VPS-Event` (the type), `X-VPS-Event-Id` and `X-VPS-Delivery` (the event id) and `X-VPS-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Any 2xx is delivered; no redirects are followed. Targets resolving to private, loopback, link-local, unspecified or multicast addresses are refused unless the webhook settings allow them. After 10 consecutive failed attempts (a setting) the subscription is disabled and the admins are emailed. Audited."""

SCHEMAS = {
    "FieldError": obj({"field": {"type": "string", "description": "The field, header or parameter, e.g. `items[0].quantity`."},
                       "message": {"type": "string"}}, ["field", "message"], "One invalid input field."),
    "Problem": obj({
        "type": {"type": "string", "examples": ["about:blank"]},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": ref("FieldError"), "description": "Per-field problems (may be empty)."},
        "request_id": nullable("string", description="Quote it to support; it finds the log line."),
        "current_version": nullable("integer", description="On a 409 edit conflict: the version the resource is at now."),
        "current": {"description": "On a 409 edit conflict: the resource as it is now."},
    }, ["type", "title", "status", "detail", "errors"], "RFC 9457 problem details: the body of every JSON error."),
    "Health": obj({"status": {"const": "ok"}, "database": {"const": "ok"}}, ["status", "database"]),
    "User": obj({
        "id": ID, "email": {"type": "string"}, "name": {"type": "string"},
        "role": {"type": "string", "enum": ["admin", "staff", "customer"]},
        "is_active": {"type": "boolean"}, "two_factor_enabled": {"type": "boolean"}, "created_at": TIME,
        "email_verified": {"type": "boolean", "description": "False for a self-registered customer who has not yet followed the "
                                                             "emailed confirmation link (they may not order until then)."},
    }, ["id", "email", "name", "role", "is_active", "two_factor_enabled", "email_verified", "created_at"],
        "An account: staff member or customer."),
    "RegisterRequest": obj({
        "email": {"type": "string", "maxLength": 254, "examples": ["new.customer@example.com"]},
        "password": {"type": "string", "minLength": 10, "maxLength": 1024},
        "name": {"type": "string", "maxLength": 100},
    }, ["email", "password", "name"], "A new customer account."),
    "AccountReply": obj({"status": {"type": "string", "enum": ["accepted", "verified", "sent"]}, "detail": {"type": "string"}},
                        ["status", "detail"], "What happened, in words."),
    "EmailVerificationRequest": obj({"token": {"type": "string", "maxLength": 200}}, ["token"], "The token of an emailed confirmation link."),
    "PasswordResetRequest": obj({"email": {"type": "string", "maxLength": 254, "examples": ["jane@example.com"]}}, ["email"]),
    "PasswordResetConfirm": obj({
        "token": {"type": "string", "description": "The `token` of the emailed link `/password/reset?token=…`."},
        "password": {"type": "string", "minLength": 10, "maxLength": 1024},
    }, ["token", "password"]),
    "PasswordResetReply": obj({"status": {"type": "string", "enum": ["accepted", "password_changed"]}, "detail": {"type": "string"}},
                              ["status", "detail"]),
    "LoginRequest": obj({
        "email": {"type": "string"}, "password": {"type": "string"},
        "totp": {"type": "string", "description": "Current TOTP code (or a recovery code); required once two-factor sign-in is enrolled."},
    }, ["email", "password"]),
    "LoginReply": obj({
        "token": {"type": "string", "description": "Send as `Authorization: Bearer <token>`."},
        "token_type": {"const": "Bearer"},
        "scope": {"type": "string", "enum": ["read", "write"]},
        "expires_at": TIME_OR_NULL,
        "user": ref("User"),
        "recovery_codes": {"type": "array", "items": {"type": "string"}, "minItems": 10, "maxItems": 10,
                           "description": "Only when this sign-in confirmed a staff member's pending two-factor set-up: "
                                          "the ten recovery codes, shown this once."},
    }, ["token", "token_type", "scope", "user"], "A write-scope token that expires after an hour."),
    "Profile": obj({
        "id": ID, "email": {"type": "string"}, "name": {"type": "string"},
        "role": {"type": "string", "enum": ["admin", "staff", "customer"]},
        "is_active": {"type": "boolean"}, "two_factor_enabled": {"type": "boolean"}, "created_at": TIME,
        "company": nullable("string", description="Customers only; null for staff."),
        "phone": nullable("string", description="Customers only; null for staff."),
        **BILLING_DETAILS,
    }, ["id", "email", "name", "role", "is_active", "two_factor_enabled", "created_at", "company", "phone"],
        "The caller's own account and, for customers, company, phone and billing details (absent for staff)."),
    "Account": {"allOf": [ref("Profile"), obj({
        "recovery_codes_left": {"type": "integer", "minimum": 0, "description": "Unused recovery codes (0 without two-factor sign-in)."},
    }, ["recovery_codes_left"])], "description": "The caller's account as the account page shows it."},
    "ProfileChange": obj({
        "name": {"type": "string", "maxLength": 200},
        "company": {"type": "string", "maxLength": 200, "description": "Customers only; ignored for staff."},
        "phone": {"type": "string", "maxLength": 50, "description": "Customers only; ignored for staff."},
        **{k: v for k, v in BILLING_DETAILS.items() if k != "tax_exempt"},
        "tax_exempt": {"type": "boolean", "description": "Refused (422): only staff decide it."},
    }, [], "The fields to change; absent ones stay as they are. No control characters. Billing details: customers only."),
    "PasswordChange": obj({
        "current_password": {"type": "string", "description": "Checked first; wrong ones are throttled (5 per 15 minutes)."},
        "new_password": {"type": "string", "minLength": 10, "maxLength": 1024,
                         "description": "At least 10 characters, not a common or breached password, not built on the email's name."},
    }, ["current_password", "new_password"]),
    "Session": obj({
        "id": ID, "created_at": TIME, "last_seen_at": TIME, "remote_address": {"type": "string"}, "user_agent": {"type": "string"},
        "current": {"type": "boolean", "description": "True for the browser session this request came in on."},
    }, ["id", "created_at", "last_seen_at", "remote_address", "user_agent", "current"], "A live browser session of the caller."),
    "SessionsEnded": obj({"ended": {"type": "integer", "minimum": 0, "description": "How many sessions were signed out."}}, ["ended"]),
    "TwoFactorSetUp": obj({
        "secret": {"type": "string", "pattern": "^[A-Z2-7]+$", "description": "The TOTP secret in base32, to type into an app."},
        "otpauth_uri": {"type": "string", "description": "The `otpauth://totp/…` URI the QR code holds."},
        "qr_svg": {"type": "string", "description": "The URI as a QR code, an SVG document."},
    }, ["secret", "otpauth_uri", "qr_svg"], "A pending two-factor set-up: the same secret until a first code confirms it."),
    "TwoFactorConfirmation": obj({"code": {"type": "string", "description": "A current 6-digit code of the pending secret."}},
                                 ["code"]),
    "RecoveryCodes": obj({"recovery_codes": {"type": "array", "items": {"type": "string"}, "minItems": 10, "maxItems": 10}},
                         ["recovery_codes"], "Ten recovery codes, each signing in once; shown only in this answer."),
    "StaffMember": obj({
        "id": ID, "email": {"type": "string"}, "name": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "staff"]},
        "is_active": {"type": "boolean"}, "two_factor_enabled": {"type": "boolean"}, "created_at": TIME,
        "can_reset_two_factor": {"type": "boolean", "description": "Whether the caller may reset this member's two-factor sign-in "
                                                                   "(admins, someone else's, set up)."},
    }, ["id", "email", "name", "role", "is_active", "two_factor_enabled", "created_at", "can_reset_two_factor"]),
    "Dashboard": obj({
        "headline": obj({
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "mrr": {**MONEY, "description": "Monthly recurring revenue now (every active service's recurring amount per month)."},
            "collected_this_month": {**MONEY, "description": "Payments this month less refunds, from the reports' aggregates."},
            "overdue": {**MONEY, "description": "Unpaid invoice amounts past their due date."},
            "servers": obj({status: {"type": "integer", "minimum": 0} for status in SERVER_STATUSES}, SERVER_STATUSES),
            "months": {"type": "array", "items": {"type": "string", "format": "date"}, "maxItems": 12,
                       "description": "The first day of each of the last 12 months, oldest first."},
            "mrr_trend": {"type": "array", "items": MONEY, "maxItems": 12, "description": "MRR at each month's end (today for this month)."},
            "collected_trend": {"type": "array", "items": MONEY, "maxItems": 12, "description": "Collected in each month."},
        }, ["currency", "mrr", "collected_this_month", "overdue", "servers", "months", "mrr_trend", "collected_trend"],
            "The headline figures from the reports' aggregates."),
        "orders": obj({
            "counts_by_status": obj({status: {"type": "integer", "minimum": 0} for status in ORDER_STATUSES}, ORDER_STATUSES),
            "revenue_this_month": {**MONEY, "description": "Money received this month (the company's month, default currency; an overpayment's excess included, credit applied not) less refunds paid back; the headline's collected_this_month."},
            "payments_this_month": {"type": "integer", "minimum": 0, "description": "Payments received this month (not from credit)."},
        }, ["counts_by_status", "revenue_this_month", "payments_this_month"]),
        "servers": obj({status: {"type": "integer", "minimum": 0} for status in SERVER_STATUSES}, SERVER_STATUSES,
                       "Servers by status."),
        "recent_activity": {"type": "array", "items": ref("AuditEntry"), "maxItems": 10, "description": "The newest audit rows."},
    }, ["headline", "orders", "servers", "recent_activity"], "The staff dashboard's figures."),
    "ManualTask": obj({
        "id": ID, "instance_id": ID, "hostname": {"type": "string"}, "customer_email": {"type": "string"},
        "product_name": {"type": "string"}, "action": {"type": "string", "enum": JOB_ACTIONS},
        "status": {"type": "string", "enum": ["open", "completed", "failed"]},
        "outcome": {"type": "string", "description": "`done`, or the reason it failed; empty while open."}, "created_at": TIME,
    }, ["id", "instance_id", "hostname", "customer_email", "product_name", "action", "status", "outcome", "created_at"],
        "A to-do for a server on the `manual` provisioning module."),
    "TaskCompletion": obj({
        "hostname": {"type": "string", "maxLength": 253}, "ip_address": {"type": "string", "maxLength": 45},
        "root_password": {"type": "string", "minLength": 8, "maxLength": 200}, "operating_system": {"type": "string", "maxLength": 100},
        "ssh_port": {"type": ["integer", "string"], "description": "1–65535, default 22."},
        "control_panel_url": {"type": "string", "maxLength": 255}, "control_panel_username": {"type": "string", "maxLength": 100},
        "control_panel_password": {"type": "string", "maxLength": 200},
    }, [], "What was built. A build (`provision`) needs hostname, ip_address and root_password; other tasks need nothing."),
    "TaskFailure": obj({"reason": {"type": "string", "minLength": 1, "maxLength": 500}}, ["reason"]),
    "APIToken": obj({
        "id": ID, "name": {"type": "string"}, "prefix": {"type": "string", "description": "First characters, to recognise it."},
        "scope": {"type": "string", "enum": ["read", "write"]},
        "created_at": TIME, "last_used_at": TIME_OR_NULL, "expires_at": TIME_OR_NULL, "revoked_at": TIME_OR_NULL,
    }, ["id", "name", "prefix", "scope", "created_at"], "An API token as listed to its owner (never the secret)."),
    "TokenCreated": {"allOf": [ref("APIToken"), obj({"token": {"type": "string", "description": "Shown once."}}, ["token"])]},
    "TokenRequest": obj({"name": {"type": "string", "minLength": 1, "maxLength": 100},
                         "scope": {"type": "string", "enum": ["read", "write"], "default": "read"}}, ["name"]),
    "Product": obj({
        "id": ID, "name": {"type": "string"}, "description": {"type": "string"},
        "server_type": {"type": "string", "enum": ["vps", "dedicated"]},
        "cpu_cores": {"type": "integer"}, "cpu_model": {"type": "string"}, "ram_gb": {"type": "integer"},
        "storage_gb": {"type": "integer"}, "storage_type": {"type": "string"}, "bandwidth_tb": {"type": "integer"},
        "ip_addresses": {"type": "integer"}, "datacenter_location": {"type": "string"}, "region": {"type": "string"},
        "available_locations": {"type": "array", "items": {"type": "string"}},
        "price_monthly": MONEY, "price_quarterly": {"oneOf": [MONEY, {"type": "null"}]},
        "price_yearly": {"oneOf": [MONEY, {"type": "null"}]}, "setup_fee": MONEY,
        "monthly_cost": {**MONEY, "description": "What one server costs the company per month (profit and loss)."},
        "provisioning_type": {"type": "string", "enum": ["manual", "automated", "api"]},
        "provisioning_module": {"type": "string"}, "provider": {"type": "string"},
        "module_config": {"type": "object"}, "features": {"type": "array", "items": {"type": "string"}},
        "available_os": {"type": "array", "items": {"type": "string"}}, "is_active": {"type": "boolean"},
        "stock_count": nullable("integer", description="null: unlimited."), "current_orders": {"type": "integer"},
        "meta_data": {"type": "object"}, "version": {"type": "integer", "minimum": 1}, "created_at": TIME, "updated_at": TIME,
    }, ["id", "name", "description", "server_type", "cpu_cores", "cpu_model", "ram_gb", "storage_gb", "storage_type",
        "bandwidth_tb", "ip_addresses", "datacenter_location", "region", "available_locations", "price_monthly",
        "price_quarterly", "price_yearly", "setup_fee", "monthly_cost", "provisioning_type", "provisioning_module", "provider",
        "module_config", "features", "available_os", "is_active", "stock_count", "current_orders", "meta_data", "version",
        "created_at", "updated_at"], "A server product in the catalog."),
    "ProductInput": obj({
        "name": {"type": "string", "minLength": 1, "maxLength": 255},
        "description": {"type": "string", "maxLength": 5000},
        "server_type": {"type": "string", "enum": ["vps", "dedicated"]},
        "cpu_cores": {"type": ["integer", "string"], "description": "1–1024."},
        "cpu_model": {"type": "string", "maxLength": 100},
        "ram_gb": {"type": ["integer", "string"], "description": "1–65536."},
        "storage_gb": {"type": ["integer", "string"], "description": "1–10000000."},
        "storage_type": {"type": "string", "maxLength": 50, "default": "ssd"},
        "bandwidth_tb": {"type": ["integer", "string"], "description": "1–100000, default 1."},
        "ip_addresses": {"type": ["integer", "string"], "description": "1–1024, default 1."},
        "datacenter_location": {"type": "string", "maxLength": 100},
        "region": {"type": "string", "maxLength": 50},
        "available_locations": {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": 50},
        "price_monthly": MONEY_INPUT,
        "price_quarterly": {"type": ["string", "number", "null"], "description": "Omit or null: not sold quarterly."},
        "price_yearly": {"type": ["string", "number", "null"], "description": "Omit or null: not sold yearly."},
        "setup_fee": {"type": ["string", "number", "null"], "description": "Default 0.00."},
        "monthly_cost": {"type": ["string", "number", "null"], "description": "What one server costs the company per month; default 0.00."},
        "provisioning_type": {"type": "string", "enum": ["manual", "automated", "api"], "default": "manual"},
        "provisioning_module": {"type": "string", "default": "manual", "description": "A module name (letters, digits, -, _)."},
        "provider": {"type": "string", "maxLength": 50},
        "module_config": {"type": "object", "description": "Settings handed to the provisioning module."},
        "features": {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": 50},
        "available_os": {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": 50},
        "is_active": {"type": ["boolean", "string"], "default": True},
        "stock_count": {"type": ["integer", "string", "null"], "description": "0–1000000; omit or null for unlimited."},
        "meta_data": {"type": "object"},
        "version": {"type": "integer", "description": "PUT only: the version this edit is based on (or send If-Match)."},
    }, ["name", "server_type", "cpu_cores", "ram_gb", "storage_gb", "price_monthly"],
        "A whole product (PUT replaces every field; omitted optional fields take their defaults). Scalars may be sent as strings."),
    "Customer": obj({
        "id": ID, "email": {"type": "string"}, "name": {"type": "string"}, "company": {"type": "string"},
        "phone": {"type": "string"}, "is_active": {"type": "boolean"}, "two_factor_enabled": {"type": "boolean"},
        "version": {"type": "integer"}, "created_at": TIME, **BILLING_DETAILS,
    }, ["id", "email", "name", "company", "phone", "is_active", "two_factor_enabled", "version", "created_at", *BILLING_DETAILS],
        "A customer account as staff manage it."),
    "CustomerInput": obj({
        "email": {"type": "string", "maxLength": 254}, "name": {"type": "string", "maxLength": 100},
        "company": {"type": "string"}, "phone": {"type": "string"},
        "password": {"type": "string", "minLength": 10, "maxLength": 1024},
        "is_active": {"type": ["boolean", "string"]},
        **BILLING_DETAILS,
        "version": {"type": "integer", "description": "PATCH only: the version this edit is based on (or send If-Match)."},
    }, [], "Customer fields. POST needs email, name and password; PATCH changes only the fields given."),
    "OrderItem": obj({
        "id": ID, "product_id": {"type": "integer"}, "product_name": {"type": "string"},
        "billing_cycle": {"type": "string", "enum": ["monthly", "quarterly", "yearly"]},
        "quantity": {"type": "integer", "minimum": 1}, "unit_price": MONEY, "setup_fee": MONEY,
        "hostname": {"type": "string"}, "operating_system": {"type": "string"}, "line_total": MONEY,
    }, ["id", "product_id", "product_name", "billing_cycle", "quantity", "unit_price", "setup_fee", "hostname",
        "operating_system", "line_total"], "One order line, prices copied at order time."),
    "Order": obj({
        "id": ID, "customer_id": {"type": "integer"}, "customer_email": {"type": "string"}, "customer_name": {"type": "string"},
        "status": {"type": "string", "enum": ORDER_STATUSES}, "currency": {"type": "string", "examples": ["EUR"]},
        "total": MONEY, "notes": {"type": "string"}, "version": {"type": "integer", "minimum": 1},
        "items": {"type": "array", "items": ref("OrderItem")},
        "created_at": TIME, "updated_at": TIME, "paid_at": TIME_OR_NULL, "cancelled_at": TIME_OR_NULL, "refunded_at": TIME_OR_NULL,
        "invoice_id": nullable("integer", description="The order's newest invoice (issued when the order was placed)."),
    }, ["id", "customer_id", "customer_email", "customer_name", "status", "currency", "total", "notes", "version", "items",
        "created_at", "updated_at", "paid_at", "cancelled_at", "refunded_at", "invoice_id"], "An order for one customer."),
    "InvoiceItem": obj({
        "kind": {"type": "string", "enum": ["new_service", "renewal", "setup_fee", "manual", "upgrade", "downgrade", "credit"]}, "description": {"type": "string"},
        "service_id": nullable("integer", description="The server a renewal bills."),
        "period_start": nullable("string", format="date"),
        "period_end": nullable("string", format="date", description="The first day after the period (the next period's start)."),
        "quantity": {"type": "integer", "minimum": 1}, "unit_price": MONEY, "amount": MONEY,
    }, ["kind", "description", "service_id", "period_start", "period_end", "quantity", "unit_price", "amount"], "One line of an invoice."),
    "InvoicePayment": obj({
        "id": ID, "amount": MONEY, "method": {"type": "string"}, "reference": {"type": "string"},
        "paid_on": nullable("string", format="date"), "created_at": TIME,
    }, ["id", "amount", "method", "reference", "paid_on", "created_at"], "A payment recorded on an invoice."),
    "Invoice": obj({
        "id": ID, "number": nullable("string", examples=["INV-2026-000042"], description="Assigned at issue: gapless per year."),
        "customer_id": {"type": "integer"}, "order_id": nullable("integer"),
        "status": {"type": "string", "enum": INVOICE_STATUSES},
        "issue_date": nullable("string", format="date"), "due_date": nullable("string", format="date"),
        "currency": {"type": "string", "examples": ["EUR"]}, "subtotal": MONEY, "tax": MONEY, "total": MONEY, "amount_due": MONEY,
        "items": {"type": "array", "items": ref("InvoiceItem")}, "payments": {"type": "array", "items": ref("InvoicePayment")},
        "tax_name": {"type": "string", "examples": ["VAT"]}, "tax_rate": {"type": "string", "examples": ["19.000"],
                                                                           "description": "Percent, three decimals."},
        "tax_note": {"type": "string", "description": "Why no tax was charged: `Reverse charge`, `Tax exempt`, or ''."},
        "prices_include_tax": {"type": "boolean", "description": "Items include the tax; subtotal is then the net amount."},
        "seller": {"type": "object", "description": "The seller and bank details as at issue (empty on a draft)."},
        "buyer": {"type": "object", "description": "The customer's name, email, company and billing details as at issue."},
        "credited": {**MONEY, "description": "The sum of its credit notes."},
        "refunded": {**MONEY, "description": "How much of that returned money paid (partial refunds add up)."},
        "credit_notes": {"type": "array", "items": ref("CreditNote"), "description": "Oldest first."},
        "automatic_payment_failure": {"oneOf": [{"type": "null"}, ref("AutomaticPaymentFailure")],
                                      "description": "Set while the invoice is unpaid and its latest automatic card charge was declined."},
    }, ["id", "number", "customer_id", "order_id", "status", "issue_date", "due_date", "currency", "subtotal", "tax", "total",
        "amount_due", "items", "payments", "tax_name", "tax_rate", "tax_note", "prices_include_tax", "seller", "buyer", "credited",
        "refunded", "credit_notes", "automatic_payment_failure"],
        "An invoice. Once issued nothing on it changes but its status, amount due and what credit notes credited and refunded: "
        "tax, seller and buyer are snapshots; credit notes correct it."),
    "BillingSettings": obj(BILLING_SETTINGS, list(BILLING_SETTINGS), "The company's billing settings."),
    "BillingSettingsChange": obj(BILLING_SETTINGS, [], "The settings to change; absent ones stay."),
    "TaxRate": obj({"id": ID, **TAX_RATE_FIELDS, "rate": {"type": "string", "examples": ["19.000"]}},
                   ["id", "country", "region", "name", "rate"], "A tax rate."),
    "TaxRateInput": obj({**TAX_RATE_FIELDS, "rate": {"type": ["string", "number"], "examples": ["19", "8.875"],
                                                     "description": "0 to 100, at most three decimals."}},
                        ["country", "name", "rate"], "A tax rate's fields (PUT replaces them all)."),
    "CreditNote": obj({
        "id": ID, "number": {"type": "string", "examples": ["CN-2026-000007"], "description": "Gapless per year, its own counter."},
        "invoice_id": {"type": "integer"}, "customer_id": {"type": "integer"}, "issue_date": {"type": "string", "format": "date"},
        "currency": {"type": "string", "examples": ["EUR"]}, "amount": MONEY,
        "reduced_due": {**MONEY, "description": "The part that lowered what was still owed."},
        "refunded": {**MONEY, "description": "The part that returned money already paid."},
        "refund_to": nullable("string", description="credit_balance, outside or gateway (a payment refund); null when nothing was refunded."),
        "reason": {"type": "string"}, "created_by": {"type": "string", "description": "The staff member's email."}, "created_at": TIME,
    }, ["id", "number", "invoice_id", "customer_id", "issue_date", "currency", "amount", "reduced_due", "refunded", "refund_to", "reason",
        "created_by", "created_at"], "A credit note: a correction of an issued invoice."),
    "CreditNoteRequest": obj({
        "amount": MONEY_INPUT, "reason": {"type": "string", "minLength": 1, "maxLength": 500, "examples": ["Outage on 3 March"]},
        "refund_to": {"type": "string", "enum": ["credit_balance", "outside"],
                      "description": "Where money already paid goes back to; required when part of the amount refunds it."},
    }, ["amount", "reason"], "More than 0.00, at most two decimals, at most what is still creditable."),
    "InvoicePaymentRequest": obj({
        "amount": MONEY_INPUT, "method": {"type": "string", "minLength": 1, "maxLength": 40, "examples": ["bank_transfer"]},
        "reference": {"type": "string", "maxLength": 200},
    }, ["amount", "method"], "More than 0.00; the excess over the amount due goes in as the customer's credit."),
    "CreditEntry": obj({
        "id": ID, "amount": {**MONEY, "description": "Positive when credit goes in, negative when it is applied to an invoice."},
        "currency": {"type": "string", "examples": ["EUR"]},
        "kind": {"type": "string", "enum": ["staff", "overpayment", "applied", "returned", "refund", "downgrade"]}, "reason": {"type": "string"},
        "invoice_id": nullable("integer"), "actor": {"type": "string", "description": "Who added it (email), or system."},
        "created_at": TIME,
    }, ["id", "amount", "currency", "kind", "reason", "invoice_id", "actor", "created_at"], "One line of the append-only credit ledger."),
    "CreditAccount": obj({
        "customer_id": {"type": "integer"}, "currency": {"type": "string", "examples": ["EUR"]},
        "balance": {**MONEY, "description": "The sum of the entries (never stored on its own)."},
        "entries": {"type": "array", "items": ref("CreditEntry"), "description": "Newest first."},
    }, ["customer_id", "currency", "balance", "entries"], "A customer's credit balance and ledger."),
    "CustomerBilling": obj({
        "customer": ref("Customer"),
        "services": {"type": "array", "items": ref("ServerInstance"), "description": "Newest first, at most 50."},
        "more_services": {"type": "boolean"},
        "invoices": {"type": "array", "items": ref("Invoice"), "description": "Newest first, at most 20."},
        "more_invoices": {"type": "boolean"},
        "unpaid_invoices": {"type": "integer", "minimum": 0},
        "amount_due": {"type": "object", "additionalProperties": MONEY, "description": "Unpaid amount per currency."},
        "credit": ref("CreditAccount"),
    }, ["customer", "services", "more_services", "invoices", "more_invoices", "unpaid_invoices", "amount_due", "credit"],
        "A customer's billing at a glance: services with next due dates, newest invoices, amount due, credit."),
    "CancellationRequest": obj({
        "when": {"type": "string", "enum": ["end_of_period", "immediate"]},
    }, ["when"], "When the cancellation takes effect."),
    "Cancellation": obj({
        "service_id": ID, "when": nullable("string", description="end_of_period or immediate; null when nothing is pending."),
        "effective_date": nullable("string", format="date", description="The date it takes effect (the paid-through date at period end)."),
        "billing_status": {"type": "string", "enum": ["current", "overdue", "cancelled"]},
        "job": {"oneOf": [ref("Job"), {"type": "null"}], "description": "The terminate job, when it took effect now."},
    }, ["service_id", "when", "effective_date", "billing_status", "job"], "A server's cancellation."),
    "ProductChangeRequest": obj({
        "product_id": {"type": ["integer", "string"], "description": "The product to move to: same module, sold on the server's cycle."},
    }, ["product_id"], "The product a running server moves to."),
    "ProductChange": obj({
        "id": ID, "service_id": ID, "from_product_id": {"type": ["integer", "null"]}, "to_product_id": ID,
        "billing_cycle": {"type": "string", "enum": ["monthly", "quarterly", "yearly"]},
        "old_amount": MONEY, "new_amount": {**MONEY, "description": "The recurring amount from the next invoiced period on."},
        "difference": {**MONEY, "description": "Prorated for the rest of the current period (plus whole later periods already "
                       "invoiced): positive is invoiced, negative credited, zero neither."},
        "remaining_days": {"type": "integer"}, "period_days": {"type": "integer"},
        "status": {"type": "string", "enum": ["pending", "applied", "cancelled"]},
        "invoice_id": {"type": ["integer", "null"]}, "credit_entry_id": {"type": ["integer", "null"]}, "job_id": {"type": ["integer", "null"]},
        "requested_at": TIME, "applied_at": TIME_OR_NULL,
    }, ["id", "service_id", "from_product_id", "to_product_id", "billing_cycle", "old_amount", "new_amount", "difference",
        "remaining_days", "period_days", "status", "invoice_id", "credit_entry_id", "job_id", "requested_at", "applied_at"],
        "A change of a server's product (an upgrade waits, pending, for its invoice to be paid)."),
    "ProductChangeOutcome": obj({
        "change": ref("ProductChange"),
        "invoice": {"oneOf": [ref("Invoice"), {"type": "null"}], "description": "The upgrade invoice; null for a downgrade or no difference."},
    }, ["change", "invoice"], "What a change-product request did."),
    "CreditRequest": obj({
        "amount": MONEY_INPUT, "reason": {"type": "string", "minLength": 1, "maxLength": 500, "examples": ["Goodwill: outage on 3 March"]},
    }, ["amount", "reason"], "More than 0.00, at most two decimals."),
    "OrderLineInput": obj({
        "product_id": {"type": ["integer", "string"]},
        "billing_cycle": {"type": "string", "enum": ["monthly", "quarterly", "yearly"], "default": "monthly"},
        "quantity": {"type": ["integer", "string"], "description": "1–100, default 1."},
        "hostname": {"type": "string", "maxLength": 253, "description": "An RFC 1123 host name, optional."},
        "operating_system": {"type": "string", "maxLength": 100, "description": "One of the product's available_os, when it lists any."},
    }, ["product_id"]),
    "OrderRequest": obj({
        "customer_id": {"type": ["integer", "string"], "description": "Required for staff; a customer may omit it (or give their own id)."},
        "items": {"type": "array", "items": ref("OrderLineInput"), "minItems": 1, "maxItems": 20},
        "notes": {"type": "string", "maxLength": 2000},
    }, ["items"]),
    "OrderChange": obj({
        "items": {"type": "array", "items": ref("OrderLineInput"), "minItems": 1, "maxItems": 20,
                  "description": "Replaces the lines; only while the order is pending."},
        "notes": {"type": ["string", "null"], "maxLength": 2000},
        "status": {"type": "string", "enum": ORDER_STATUSES, "description": "A transition the order state machine allows."},
        "version": {"type": "integer", "description": "The version this edit is based on (or send If-Match)."},
    }, [], "At least one of items, notes, status."),
    "PaymentRequest": obj({"version": {"type": "integer"}, "reference": {"type": "string", "description": "Payment reference."}}),
    "ProvisionRequest": obj({
        "customer_id": {"type": ["integer", "string"]}, "product_id": {"type": ["integer", "string"]},
        "hostname": {"type": "string", "maxLength": 253}, "operating_system": {"type": "string", "maxLength": 100},
    }, ["customer_id", "product_id"]),
    "ServerInstance": obj({
        "id": ID, "customer_id": {"type": "integer"}, "customer_email": {"type": "string"},
        "order_id": nullable("integer"), "product_id": nullable("integer"), "product_name": {"type": "string"},
        "provisioning_module": {"type": "string"}, "hostname": {"type": "string"}, "ip_address": {"type": "string"},
        "ip_addresses": {"type": "array", "items": {"type": "string"}}, "mac_address": {"type": "string"},
        "cpu_cores": {"type": "integer"}, "ram_gb": {"type": "integer"}, "storage_gb": {"type": "integer"},
        "storage_type": {"type": "string"}, "bandwidth_tb": {"type": "integer"}, "ssh_port": {"type": "integer"},
        "status": {"type": "string", "enum": SERVER_STATUSES}, "suspension_reason": {"type": "string"},
        "suspended_for": {"type": "string", "enum": ["", "staff", "overdue"],
                          "description": "Why it is (or is about to be) suspended: by staff, or for an unpaid invoice (a payment lifts that)."},
        "suspended_invoice_number": nullable("string", description="The unpaid invoice of an `overdue` suspension."),
        "failure_reason": {"type": "string"}, "provisioned_at": TIME_OR_NULL, "suspended_at": TIME_OR_NULL,
        "cancelled_at": TIME_OR_NULL, "terminated_at": TIME_OR_NULL, "provider": {"type": "string"},
        "provider_server_id": {"type": "string"}, "control_panel_url": {"type": "string"},
        "control_panel_type": {"type": "string"}, "operating_system": {"type": "string"}, "os_version": {"type": "string"},
        "datacenter_location": {"type": "string"}, "region": {"type": "string"}, "notes": {"type": "string"},
        "has_root_password": {"type": "boolean"}, "version": {"type": "integer", "minimum": 1},
        "created_at": TIME, "updated_at": TIME,
        "billing_cycle": {"type": ["string", "null"], "enum": ["monthly", "quarterly", "yearly", None]},
        "recurring_amount": MONEY, "next_due_date": nullable("string", format="date", description="Paid through: the end of the last paid period."),
        "billing_status": {"type": "string", "enum": ["current", "overdue", "cancelled"]},
    }, ["id", "customer_id", "customer_email", "order_id", "product_id", "product_name", "provisioning_module", "hostname",
        "ip_address", "ip_addresses", "mac_address", "cpu_cores", "ram_gb", "storage_gb", "storage_type", "bandwidth_tb",
        "ssh_port", "status", "suspension_reason", "suspended_for", "suspended_invoice_number", "failure_reason", "provisioned_at", "suspended_at", "cancelled_at",
        "terminated_at", "provider", "provider_server_id", "control_panel_url", "control_panel_type", "operating_system",
        "os_version", "datacenter_location", "region", "notes", "has_root_password", "version", "created_at", "updated_at",
        "billing_cycle", "recurring_amount", "next_due_date", "billing_status"],
        "A server instance. Never carries secrets (see the credentials operation)."),
    "InstanceEdit": obj({
        **{field: {"type": ["string", "null"], "maxLength": limit} for field, limit in [
            ("hostname", 253), ("ip_address", 45), ("mac_address", 17), ("operating_system", 100), ("os_version", 50),
            ("datacenter_location", 100), ("region", 50), ("notes", 5000), ("control_panel_url", 255),
            ("control_panel_type", 50), ("control_panel_username", 100), ("provider_server_id", 100),
            ("suspension_reason", 500), ("root_password", 200), ("control_panel_password", 200)]},
        "ssh_port": {"type": ["integer", "string", "null"], "description": "1–65535."},
        "ip_addresses": {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": 64},
        "version": {"type": "integer", "description": "The version this edit is based on (or send If-Match)."},
    }, [], "Recorded details of a server; absent (or null) fields stay as they are. Passwords are sealed at rest."),
    "ServerCredentials": obj({
        "instance_id": ID, "hostname": {"type": "string"}, "ip_address": {"type": "string"}, "ssh_port": {"type": "integer"},
        "username": {"type": "string"}, "root_password": nullable("string"), "control_panel_url": {"type": "string"},
        "control_panel_username": {"type": "string"}, "control_panel_password": nullable("string"),
    }, ["instance_id", "hostname", "ip_address", "ssh_port", "username", "control_panel_url", "control_panel_username"],
        "A secret is null (or absent) when none is set."),
    "Job": obj({
        "id": ID, "action": {"type": "string", "enum": JOB_ACTIONS},
        "status": {"type": "string", "enum": ["queued", "running", "succeeded", "failed"]},
        "instance_id": {"type": "integer"}, "customer_id": {"type": "integer"}, "attempts": {"type": "integer"},
        "max_attempts": {"type": "integer"}, "error": nullable("string", description="The error text of the last failed attempt."),
        "requested_by": {"type": "string"}, "run_after": TIME, "created_at": TIME, "started_at": TIME_OR_NULL,
        "finished_at": TIME_OR_NULL,
    }, ["id", "action", "status", "instance_id", "customer_id", "attempts", "max_attempts", "error", "requested_by",
        "run_after", "created_at", "started_at", "finished_at"], "Slow work on a server, run by the job runner."),
    "JobAccepted": obj({"job": ref("Job"), "instance": {"oneOf": [ref("ServerInstance"), {"type": "null"}]}}, ["job"],
                       "202: the work is queued; poll GET /api/v1/jobs/{id}. `instance` is the new server (provision only)."),
    "ServerStatusReport": obj({
        "id": ID, "status": {"type": "string", "enum": SERVER_STATUSES}, "hostname": {"type": "string"},
        "ip_address": {"type": "string"}, "failure_reason": {"type": "string"},
        "job": {"oneOf": [ref("Job"), {"type": "null"}]},
    }, ["id", "status", "hostname", "ip_address", "failure_reason"], "`job` is the newest job of the server, when there is one."),
    "AuditEntry": obj({
        "id": ID, "occurred_at": TIME, "actor_id": nullable("integer", description="null: the system or a self-service action."),
        "actor": {"type": "string"},
        "action": {"type": "string", "examples": ["order.updated"]}, "target_type": {"type": "string"},
        "target_id": {"type": "string"},
        "before": {"description": "The state before (usually an object); null where there is none."},
        "after": {"description": "The state after (usually an object); null where there is none."},
        "remote_address": {"type": "string"}, "request_id": {"type": "string"},
    }, ["id", "occurred_at", "actor_id", "actor", "action", "target_type", "target_id", "before", "after", "remote_address",
        "request_id"],
        "One row of the audit trail."),
    "SessionLogEntry": obj({
        "id": ID, "occurred_at": TIME, "user_id": nullable("integer"), "email": {"type": "string"},
        "event": {"type": "string"}, "remote_address": {"type": "string"}, "user_agent": {"type": "string"},
        "request_id": {"type": "string"}, "detail": {"type": "string"},
    }, ["id", "occurred_at", "email", "event", "remote_address", "user_agent", "request_id", "detail"],
        "One row of the session log."),
}
for name, item, text in [("TokenList", "APIToken", "The caller's tokens, newest first (one page)."),
                         ("SessionList", "Session", "The caller's live browser sessions, newest first (one page)."),
                         ("StaffList", "StaffMember", "Every staff member, by email (one page)."),
                         ("TaskList", "ManualTask", "The open manual tasks, oldest first (one page, at most 200)."),
                         ("ProductList", "Product", "A page of products."),
                         ("CustomerList", "Customer", "A page of customers, newest first."),
                         ("OrderList", "Order", "A page of orders, newest first."),
                         ("InvoiceList", "Invoice", "A page of invoices, newest first."),
                         ("TaxRateList", "TaxRate", "Every tax rate, by country and region (one page)."),
                         ("ServerList", "ServerInstance", "A page of servers, newest first."),
                         ("AuditList", "AuditEntry", "A page of the audit trail, newest first."),
                         ("SessionLogList", "SessionLogEntry", "A page of the session log, newest first.")]:
    SCHEMAS[name] = listing(item, text)

# --- online payments ------------------------------------------------------------------------------
GATEWAY_NAME_LIKE = {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,30}$"}
GATEWAY_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,30}$", "description": "The gateway module: `manual`, `demo`, `stripe` or an installed loadable one."}
SCHEMAS.update({
    "CheckoutRequest": obj({"gateway": {**GATEWAY_NAME, "examples": ["demo"]}}, ["gateway"], "The gateway to pay with (enabled)."),
    "CheckoutSession": obj({
        "id": {"type": "string", "description": "The portal's session id; the return page is `/my/invoices/{invoice_id}?checkout={id}`."},
        "invoice_id": {"type": "integer"}, "customer_id": {"type": "integer"}, "gateway": GATEWAY_NAME,
        "gateway_session_id": {"type": "string"}, "amount": MONEY, "currency": {"type": "string", "examples": ["EUR"]},
        "status": {"type": "string", "enum": ["open", "paid", "declined"]}, "created_at": TIME,
    }, ["id", "invoice_id", "customer_id", "gateway", "gateway_session_id", "amount", "currency", "status", "created_at"],
        "A payment started for an invoice."),
    "CheckoutStarted": obj({"url": {"type": "string", "description": "Where to send the customer (the gateway's payment page)."},
                            "session": ref("CheckoutSession")}, ["url", "session"], "A started checkout."),
    "PaymentTransaction": obj({
        "id": ID, "gateway": GATEWAY_NAME, "gateway_transaction_id": {"type": "string"}, "invoice_id": {"type": "integer"},
        "invoice_number": nullable("string"), "payment_id": nullable("integer", description="The payment it became; null when flagged and not applied."),
        "amount": MONEY, "currency": {"type": "string"}, "flagged": {"type": "boolean"},
        "flag_reason": {"type": "string", "description": "Why staff should look (another amount or currency, an invoice no longer open); '' otherwise."},
        "created_at": TIME,
    }, ["id", "gateway", "gateway_transaction_id", "invoice_id", "invoice_number", "payment_id", "amount", "currency", "flagged",
        "flag_reason", "created_at"], "Money a gateway reported, once per (gateway, gateway transaction id)."),
    "PaymentRefund": obj({
        "id": ID, "transaction_id": {"type": "integer", "description": "The transaction of `/api/v1/payments` refunded."},
        "gateway": GATEWAY_NAME, "invoice_id": {"type": "integer"}, "amount": MONEY, "currency": {"type": "string"},
        "reason": {"type": "string"}, "status": {"type": "string", "enum": ["pending", "succeeded", "refused"]},
        "gateway_refund_id": nullable("string", description="The gateway's id of the refund."),
        "gateway_note": {"type": "string"}, "refusal": {"type": "string", "description": "The gateway's reason when it refused; '' otherwise."},
        "credit_note_id": nullable("integer", description="The credit note it became (refund_to `gateway`)."),
        "created_by": {"type": "string"}, "created_at": TIME, "completed_at": TIME_OR_NULL,
        "attempts": {"type": "integer", "minimum": 1, "description": "How many times the gateway was asked."},
        "retry_at": {**TIME_OR_NULL, "description": "When a pending refund is asked again (same idempotency key); null: no more asks."},
        "needs_attention": {"type": "boolean", "description": "Pending after the last ask: staff settle or refuse it by hand."},
    }, ["id", "transaction_id", "gateway", "invoice_id", "amount", "currency", "reason", "status", "gateway_refund_id", "gateway_note",
        "refusal", "credit_note_id", "created_by", "created_at", "completed_at", "attempts", "retry_at", "needs_attention"],
        "A refund of a gateway payment."),
    "RefundSettleRequest": obj({
        "gateway_refund_id": {"type": "string", "minLength": 1, "maxLength": 200, "examples": ["re_3Pq0abc"]},
    }, ["gateway_refund_id"], "The gateway's id of the refund staff found it made."),
    "RefundRefuseRequest": obj({
        "reason": {"type": "string", "minLength": 1, "maxLength": 500, "examples": ["Not refunded at the gateway"]},
    }, ["reason"], "Why the gateway did not refund."),
    "PaymentRefundRequest": obj({
        "amount": MONEY_INPUT, "reason": {"type": "string", "minLength": 1, "maxLength": 500, "examples": ["Customer cancelled"]},
    }, ["amount", "reason"], "More than 0.00, at most two decimals, at most what is still refundable of the payment."),
    "PaymentNotification": obj({
        "id": ID, "gateway": {"type": "string"}, "event_id": nullable("string", description="null when refused (nothing in it is believed)."),
        "event_type": {"type": "string"}, "body_sha256": {"type": "string"},
        "verification": {"type": "string", "enum": ["verified", "missing_signature", "malformed_signature", "stale_timestamp",
                                                    "bad_signature", "unreadable_event"]},
        "status": {"type": "string", "enum": ["refused", "queued", "running", "applied", "failed"]}, "attempts": {"type": "integer"},
        "error": {"type": "string"}, "remote_address": {"type": "string"}, "received_at": TIME, "applied_at": TIME_OR_NULL,
    }, ["id", "gateway", "event_id", "event_type", "body_sha256", "verification", "status", "attempts", "error", "remote_address",
        "received_at", "applied_at"], "A notification a gateway sent, with its verification result."),
    "AutomaticPaymentFailure": obj({
        "attempt": {"type": "integer", "minimum": 1}, "reason": {"type": "string", "examples": ["Your card was declined."]},
        "next_try": nullable("string", format="date", description="The next automatic try; null when the retry schedule is used up."),
    }, ["attempt", "reason", "next_try"], "Automatic payment failed: the gateway's reason and the next try."),
    "PaymentAttempt": obj({
        "id": ID, "invoice_id": {"type": "integer"}, "invoice_number": nullable("string"), "customer_id": {"type": "integer"},
        "gateway": {"type": "string"}, "attempt": {"type": "integer", "minimum": 1}, "amount": MONEY, "currency": {"type": "string"},
        "status": {"type": "string", "enum": PAYMENT_ATTEMPT_STATUSES,
                   "description": "`unknown`: the gateway did not answer; asked again at `next_call_at` with the same idempotency key."},
        "failure": {"type": "string", "description": "The gateway's reason when `failed`, else ''."},
        "retry_on": nullable("string", format="date", description="When `failed`: the next attempt's day; null when none is left."),
        "calls": {"type": "integer"}, "next_call_at": TIME_OR_NULL, "gateway_payment_id": nullable("string"),
        "created_at": TIME, "completed_at": TIME_OR_NULL,
    }, ["id", "invoice_id", "invoice_number", "customer_id", "gateway", "attempt", "amount", "currency", "status", "failure", "retry_on",
        "calls", "next_call_at", "gateway_payment_id", "created_at", "completed_at"], "An automatic charge of a saved card for an invoice."),
    "GatewaySettings": obj({
        "name": GATEWAY_NAME, "enabled": {"type": "boolean"}, "display_name": {"type": "string"},
        "options": {"type": "object", "description": "`demo`: `decline`, `send_twice`, `delay_seconds`, `refuse_refunds`; a loadable gateway: its own."},
        "webhook_secret_hint": {"type": "string", "description": "The secret's last four characters (`…a1b2`), '' when none."},
        "api_key_hint": {"type": "string"}, "updated_at": TIME,
    }, ["name", "enabled", "display_name", "options", "webhook_secret_hint", "api_key_hint", "updated_at"],
        "A gateway's settings; secrets are never shown back."),
    "GatewaySettingsChange": obj({
        "enabled": {"type": ["boolean", "string"]}, "display_name": {"type": "string"},
        "webhook_secret": {"type": "string", "description": "Replaces the secret (sealed at rest); '' clears it."},
        "api_key": {"type": "string"}, "decline": {"type": ["boolean", "string"], "description": "demo only"},
        "send_twice": {"type": ["boolean", "string"], "description": "demo only"},
        "refuse_refunds": {"type": ["boolean", "string"], "description": "demo only: every refund is refused"},
        "delay_seconds": {"type": ["integer", "string"], "description": "demo only: 0–3600"},
        "options": {"type": ["object", "string"],
                    "description": "loadable gateways only: replaces their options, a JSON object (or its text) handed to the program"},
    }, [], "The settings to change; absent ones stay."),
    "OutboxMessage": obj({
        "id": ID, "channel": {"type": "string", "examples": ["email"]},
        "event_key": {"type": "string", "description": "Unique per event (`invoice.issued:812`); the Message-ID derives from it."},
        "recipient": {"type": "string"}, "recipient_name": {"type": "string"}, "customer_id": nullable("integer"),
        "subject": {"type": "string"}, "text": {"type": "string"}, "html": {"type": "string"},
        "invoice_id": nullable("integer", description="Its PDF is attached when rendered by the time of sending."),
        "status": {"type": "string", "enum": ["queued", "sending", "sent", "failed", "dead"]}, "attempts": {"type": "integer"},
        "max_attempts": {"type": "integer"}, "run_after": TIME, "last_error": {"type": "string"},
        "provider_message_id": {"type": "string"}, "sent_at": TIME_OR_NULL, "created_at": TIME,
    }, ["id", "channel", "event_key", "recipient", "recipient_name", "customer_id", "subject", "text", "html", "invoice_id", "status",
        "attempts", "max_attempts", "run_after", "last_error", "provider_message_id", "sent_at", "created_at"],
        "A message that leaves the portal, as written and as delivered."),
    "NotificationSettings": obj({
        "transport": {"type": "string", "enum": ["file", "smtp"]}, "smtp_host": {"type": "string"},
        "smtp_port": {"type": "integer"}, "smtp_security": {"type": "string", "enum": ["none", "starttls", "tls"]},
        "smtp_username": {"type": "string"}, "smtp_password_set": {"type": "boolean", "description": "The password is never shown back."},
        "from_name": {"type": "string"}, "from_address": {"type": "string"}, "portal_url": {"type": "string"},
    }, ["transport", "smtp_host", "smtp_port", "smtp_security", "smtp_username", "smtp_password_set", "from_name", "from_address",
        "portal_url"], "How email leaves the portal."),
    "NotificationSettingsChange": obj({
        "transport": {"type": "string", "enum": ["file", "smtp"]}, "smtp_host": {"type": "string"},
        "smtp_port": {"type": ["integer", "string"]}, "smtp_security": {"type": "string", "enum": ["none", "starttls", "tls"]},
        "smtp_username": {"type": "string"},
        "smtp_password": {"type": "string", "description": "Replaces the password (sealed at rest); '' removes it."},
        "from_name": {"type": "string"}, "from_address": {"type": "string"}, "portal_url": {"type": "string"},
    }, [], "The settings to change; absent ones stay."),
    "NotificationTemplate": obj({
        "event": {"type": "string"}, "channel": {"type": "string", "enum": ["email", "sms"]}, "subject": {"type": "string"},
        "text": {"type": "string"}, "html": {"type": "string"},
        "customized": {"type": "boolean", "description": "Staff's own wording; false: the shipped default."},
        "variables": {"type": "array", "items": {"type": "string"}, "description": "The names its templates may use."},
    }, ["event", "channel", "subject", "text", "html", "customized", "variables"], "The wording of one event on one channel."),
    "NotificationTemplateChange": obj({"subject": {"type": "string", "maxLength": 500}, "text": {"type": "string", "maxLength": 20000},
                                       "html": {"type": "string", "maxLength": 20000}}, [],
                                      "The parts to replace; absent ones stay. Only `{{variable}}` tags."),
    "TemplateRendering": obj({"output": {"type": "string"}, "unknown_names": {"type": "array", "items": {"type": "string"}},
                              "refused_tags": {"type": "array", "items": {"type": "string"}}, "truncated": {"type": "boolean"}},
                             ["output", "unknown_names", "refused_tags", "truncated"], "One part rendered."),
    "NotificationPreview": obj({"subject": ref("TemplateRendering"), "text": ref("TemplateRendering"), "html": ref("TemplateRendering")},
                               ["subject", "text", "html"], "The template rendered with the event's sample data."),
    "NotificationChoice": obj({"event": {"type": "string"}, "title": {"type": "string"}, "enabled": {"type": "boolean"}},
                              ["event", "title", "enabled"], "An optional message and whether the caller gets it."),
    "NotificationChoices": obj({}, [], "Event key → true or false, for optional messages only."),
    "SMSSettings": obj({"base_url": {"type": "string"}, "account_sid": {"type": "string"},
                        "token_set": {"type": "boolean", "description": "The token is never shown back."}, "from": {"type": "string"}},
                       ["base_url", "account_sid", "token_set", "from"], "The SMS provider (a Twilio-shaped API)."),
    "SMSSettingsChange": obj({"base_url": {"type": "string"}, "account_sid": {"type": "string"},
                              "token": {"type": "string", "description": "Replaces the token (sealed at rest); '' removes it."},
                              "from": {"type": "string", "examples": ["+4915112345678"]}}, [], "The settings to change; absent ones stay."),
    "NotificationChannel": obj({"name": GATEWAY_NAME_LIKE, "enabled": {"type": "boolean"},
                                "events": {"type": "array", "items": {"type": "string"}, "description": "Event keys, prefixes like `staff.*`, or `*`."},
                                "settings_set": {"type": "boolean", "description": "The settings are sealed and never shown back."},
                                "installed": {"type": "boolean", "description": "Its executable is in `VPS_MODULES_DIR/channels` now."}},
                               ["name", "enabled", "events", "settings_set", "installed"], "A loadable notification channel."),
    "NotificationChannelChange": obj({"enabled": {"type": "boolean"}, "events": {"type": "array", "items": {"type": "string"}},
                                      "settings": {"type": "object", "description": "Replaces the channel's settings whole (sealed at rest)."}},
                                     [], "The fields to change; absent ones stay."),
    "WebhookSettings": obj({"allow_private_targets": {"type": "boolean"}, "max_consecutive_failures": {"type": "integer", "minimum": 1, "maximum": 1000}},
                           ["allow_private_targets", "max_consecutive_failures"], "How outgoing webhooks may be sent."),
    "WebhookSettingsChange": obj({"allow_private_targets": {"type": "boolean"},
                                  "max_consecutive_failures": {"type": "integer", "minimum": 1, "maximum": 1000}},
                                 [], "The fields to change; absent ones stay."),
    "SMSPhone": obj({"phone": nullable("string", description="The confirmed number, or null.")}, ["phone"], "The caller's SMS number."),
    "SMSPhoneStart": obj({"phone": {"type": "string", "examples": ["+4915112345678"]}}, ["phone"], "The number to confirm."),
    "SMSPhoneConfirm": obj({"code": {"type": "string", "examples": ["123456"]}}, ["code"], "The code sent by SMS."),
    "SMSCodeSent": obj({"status": {"type": "string", "enum": ["code_sent"]}}, ["status"], "A code is on its way."),
    "WebhookSubscription": obj({
        "id": ID, "url": {"type": "string", "examples": ["https://hooks.zapier.com/hooks/catch/1/abc/"]},
        "events": {"type": "array", "items": {"type": "string", "enum": ["*"] + WEBHOOK_EVENTS}},
        "enabled": {"type": "boolean", "description": "False once disabled after too many consecutive failed deliveries."},
        "consecutive_failures": {"type": "integer"}, "disabled_reason": {"type": "string"}, "created_at": TIME,
        "secret": {"type": "string", "description": "Only in the answer that created it: signs `X-VPS-Signature`."},
    }, ["id", "url", "events", "enabled", "consecutive_failures", "disabled_reason", "created_at"], "A webhook subscription."),
    "WebhookSubscriptionCreate": obj({
        "url": {"type": "string", "description": "http:// or https://; private, loopback and link-local targets are refused at "
                "delivery unless the webhook settings allow them."},
        "events": {"type": "array", "items": {"type": "string", "enum": ["*"] + WEBHOOK_EVENTS}, "minItems": 1},
    }, ["url", "events"], "What to send where."),
    "WebhookSubscribe": obj({"trigger_event": {"type": "string", "enum": ["*"] + WEBHOOK_EVENTS}, "webhook_url": {"type": "string"}},
                            ["trigger_event", "webhook_url"], "The Zapier-style subscription: one event, one URL."),
    "WebhookDelivery": obj({
        "id": ID, "subscription_id": ID, "outbox_message_id": nullable("integer"), "event_id": {"type": "string"},
        "event_type": {"type": "string"}, "attempt": {"type": "integer"}, "request_headers": {"type": "string"},
        "request_body": {"type": "string"}, "response_status": nullable("integer", description="null when no answer came."),
        "response_body": {"type": "string", "description": "At most 2 KB of it."}, "error": {"type": "string"},
        "duration_ms": {"type": "integer"}, "created_at": TIME,
    }, ["id", "subscription_id", "outbox_message_id", "event_id", "event_type", "attempt", "request_headers", "request_body",
        "response_status", "response_body", "error", "duration_ms", "created_at"], "One delivery attempt as it went."),
    "WebhookRedeliver": obj({"event_id": {"type": "string", "examples": ["invoice.paid:812"]}}, ["event_id"], "The event to send again."),
    "WebhookQueued": obj({"event_id": {"type": "string"}}, ["event_id"], "The event queued for delivery."),
    "WebhookReceived": obj({"received": {"type": "boolean"}, "duplicate": {"type": "boolean",
                                                                           "description": "The same event id was received before."}},
                           ["received", "duplicate"], "The notification is stored (or was already)."),
})
# Saved cards (stripe): entered on the gateway's hosted page; the portal keeps brand, last four digits and expiry.
SCHEMAS.update({
    "SavedCard": obj({
        "id": ID, "customer_id": {"type": "integer"}, "gateway": GATEWAY_NAME, "brand": {"type": "string", "examples": ["visa"]},
        "last4": {"type": "string", "pattern": "^[0-9]{4}$"}, "exp_month": {"type": "integer", "minimum": 1, "maximum": 12},
        "exp_year": {"type": "integer"}, "auto_pay": {"type": "boolean", "description": "Renewals charge this card automatically."},
        "status": {"type": "string", "enum": ["active", "removed"]}, "created_at": TIME,
    }, ["id", "customer_id", "gateway", "brand", "last4", "exp_month", "exp_year", "auto_pay", "status", "created_at"],
        "A saved card (never its number)."),
    "CardSetupRequest": obj({"gateway": {**GATEWAY_NAME, "examples": ["stripe"]}}, ["gateway"], "The gateway to save the card with (`stripe`, enabled)."),
    "CardSetupStarted": obj({"url": {"type": "string", "description": "Where to send the customer (the gateway's hosted page)."},
                             "setup": {"type": "string", "description": "The setup's id; the return page is `/my/account/payment-methods?setup={setup}`."}},
                            ["url", "setup"], "A started card setup."),
    "SavedCardChange": obj({"auto_pay": {"type": "boolean"}}, ["auto_pay"],
                           "true: renewals charge this card (the customer's other card stops being used); false: none does."),
})
# Dunning: reminders, overdue notices, suspension and termination for non-payment, run by the billing tick.
DAY_LIST = {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 365}, "maxItems": 10}
DUNNING_SETTINGS = {
    "enabled": {"type": "boolean", "description": "Off until turned on: the billing tick then runs dunning after invoicing."},
    "reminder_days": {**DAY_LIST, "examples": [[7, 3]], "description": "Days before the due date a reminder goes out."},
    "overdue_notice_days": {**DAY_LIST, "examples": [[1, 7, 14]], "description": "Days overdue an overdue notice goes out."},
    "suspend_after_days": {"type": "integer", "minimum": 0, "maximum": 365,
                           "description": "Days overdue (plus the customer's grace days) before the invoice's servers are suspended; 0 = never."},
    "suspension_warning_days": {"type": "integer", "minimum": 0, "maximum": 60, "description": "The suspension warning goes out this many days before."},
    "terminate_after_days": {"type": "integer", "minimum": 0, "maximum": 3650,
                             "description": "Days suspended for non-payment before the server is terminated; 0 = never."},
    "termination_warning_days": {"type": "integer", "minimum": 1, "maximum": 365,
                                 "description": "The final warning goes out at least this many days before termination."},
}
DUNNING_CHANGE = {**DUNNING_SETTINGS, "reminder_days": {"type": ["array", "string"], "items": {"type": "integer"},
                                                        "description": "A list of days, or the same as text (\"7, 3\")."},
                  "overdue_notice_days": {"type": ["array", "string"], "items": {"type": "integer"}},
                  "enabled": {"type": ["boolean", "string"]}}
SCHEMAS.update({
    "DunningSettings": obj(DUNNING_SETTINGS, list(DUNNING_SETTINGS), "When dunning reminds, warns, suspends and terminates."),
    "DunningSettingsChange": obj(DUNNING_CHANGE, [], "The settings to change; absent ones stay."),
    "DunningCustomer": obj({"customer_id": {"type": "integer"}, "grace_days": {"type": "integer", "minimum": 0, "maximum": 365},
                            "exempt": {"type": "boolean", "description": "Never suspended or terminated by dunning (notices still go out)."}},
                           ["customer_id", "grace_days", "exempt"], "A customer's dunning terms."),
    "DunningCustomerChange": obj({"grace_days": {"type": ["integer", "string"]}, "exempt": {"type": ["boolean", "string"]}}, [],
                                 "The terms to change; absent ones stay."),
    "DunningRun": obj({
        "id": ID, "billing_run_id": nullable("integer"), "run_at": TIME, "day": {"type": "string", "format": "date"}, "finished_at": TIME_OR_NULL,
        "reminders": {"type": "integer"}, "notices": {"type": "integer"},
        "warnings": {"type": "integer", "description": "Suspension and termination warnings."},
        "suspensions": {"type": "integer"}, "terminations": {"type": "integer"}, "failures": {"type": "integer"},
        "failure_details": {"type": "string"},
    }, ["id", "billing_run_id", "run_at", "day", "finished_at", "reminders", "notices", "warnings", "suspensions", "terminations", "failures",
        "failure_details"], "One dunning run and what it did."),
})
REPORT_KINDS = ["mrr", "revenue", "receivables", "churn", "profit", "capacity"]
SCHEMAS.update({
    "ReportKindEntry": obj({
        "kind": {"type": "string", "enum": REPORT_KINDS}, "title": {"type": "string"}, "summary": {"type": "string"},
        "href": {"type": "string", "examples": ["/api/v1/reports/mrr"]},
    }, ["kind", "title", "summary", "href"], "A report there is."),
    "ReportQuery": obj({
        "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
        "group": {"type": "string", "enum": ["day", "week", "month"]},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "Absent: the company's own."},
    }, ["from", "to", "group"], "What the report was asked for (both days included)."),
    "ReportColumn": obj({
        "key": {"type": "string"}, "label": {"type": "string"},
        "kind": {"type": "string", "enum": ["text", "day", "count", "money", "percent"]},
    }, ["key", "label", "kind"], "A column: `money` and `percent` cells are exact decimal strings (`\"12.34\"`), `count` cells integers."),
    "ReportChart": obj({
        "title": {"type": "string"}, "style": {"type": "string", "enum": ["bar", "stacked_bar", "line"]},
        "label": {"type": "string", "description": "The column labelling the x axis."},
        "series": {"type": "array", "items": {"type": "string"}, "description": "The columns drawn, one series each."},
    }, ["title", "style", "label", "series"], "A chart the page draws from the table."),
    "ReportTable": obj({
        "key": {"type": "string", "description": "Stable within the report; `?table=` with `Accept: text/csv`."},
        "title": {"type": "string"}, "columns": {"type": "array", "items": ref("ReportColumn")},
        "rows": {"type": "array", "items": {"type": "array", "items": {"type": ["string", "integer", "null"]}}},
        "totals": {"type": "array", "items": {"type": ["string", "integer", "null"]}},
        "charts": {"type": "array", "items": ref("ReportChart")},
    }, ["key", "title", "columns", "rows", "charts"], "One table: cells in column order, then optional totals."),
    "Report": obj({
        "kind": {"type": "string", "enum": REPORT_KINDS}, "query": ref("ReportQuery"),
        "currency": {"type": "string", "examples": ["EUR"]}, "tables": {"type": "array", "items": ref("ReportTable")},
        "notes": {"type": "array", "items": {"type": "string"}},
    }, ["kind", "query", "currency", "tables", "notes"], "A report: its tables (the first is the main one) and notes."),
})
SCHEMAS["ReportKindList"] = listing("ReportKindEntry", "The six reports (one page).")
SCHEMAS["DunningRunList"] = listing("DunningRun", "The latest 100 runs, newest first (one page).")
SCHEMAS["SavedCardList"] = listing("SavedCard", "Active saved cards, oldest first (one page).")
for name, item, text in [("PaymentTransactionList", "PaymentTransaction", "Transactions, newest first."),
                         ("PaymentNotificationList", "PaymentNotification", "Notifications received, newest first."),
                         ("PaymentAttemptList", "PaymentAttempt", "Automatic card charges, newest first."),
                         ("PaymentRefundList", "PaymentRefund", "Refunds, newest first."),
                         ("GatewaySettingsList", "GatewaySettings", "Every gateway (one page)."),
                         ("OutboxMessageList", "OutboxMessage", "Messages, newest first."),
                         ("NotificationTemplateList", "NotificationTemplate", "Every event on every channel (one page)."),
                         ("NotificationChoiceList", "NotificationChoice", "The optional messages (one page)."),
                         ("WebhookSubscriptionList", "WebhookSubscription", "Subscriptions, newest first."),
                         ("NotificationChannelList", "NotificationChannel", "Every registered loadable channel (one page)."),
                         ("WebhookDeliveryList", "WebhookDelivery", "Delivery attempts, newest first.")]:
    SCHEMAS[name] = listing(item, text)

# --- responses, parameters, headers -------------------------------------------------------------

PROBLEM_MEDIA = {"application/problem+json": {"schema": ref("Problem")}}


def problem(description, example, headers=None, html=False):
    content = {"application/problem+json": {"schema": ref("Problem"), "example": example}}
    if html:
        content["text/html"] = {"schema": {"type": "string"}}
    response = {"description": description, "content": content}
    if headers:
        response["headers"] = headers
    return response


def example(status, title, detail, errors=()):
    return {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "errors": [{"field": f, "message": m} for f, m in errors], "request_id": "3f1c0a9e2b7d4c55"}


HEADERS = {
    "ETag": {"description": "The resource's version, quoted (`\"3\"`); send it back as If-Match.", "schema": {"type": "string"}},
    "Location": {"description": "Where the new resource (or the job) is.", "schema": {"type": "string"}},
    "RetryAfter": {"description": "Seconds to wait.", "schema": {"type": "integer"}},
    "WWWAuthenticate": {"description": "`Bearer` challenge.", "schema": {"type": "string"}},
}
H = lambda name: {"$ref": f"#/components/headers/{name}"}  # noqa: E731

RESPONSES = {
    "BadRequest": problem("Malformed request: broken JSON, a body that is not an object, a bad If-Match or a broken query escape.",
                          example(400, "Invalid JSON", "The body is not valid JSON (or is nested too deeply).")),
    "Unauthorized": problem("No valid credentials: missing, unknown, expired or revoked token (or a missing two-factor code).",
                            example(401, "Not signed in", "Sign in first."), {"WWW-Authenticate": H("WWWAuthenticate")}),
    "Forbidden": problem("Signed in but not allowed: wrong role, read-only token on a write, staff without two-factor sign-in, "
                         "or a rejected X-2FA-Code.", example(403, "Forbidden", "This needs a staff account.")),
    "NotFound": problem("No such resource — or one the caller may not see.", example(404, "Not found", "No such order.")),
    "Conflict": problem("The change is not possible in the current state, or the edit was based on an old version "
                        "(then `current_version` and `current` describe the resource now).",
                        {**example(409, "Edit conflict", "The order was changed by someone else (it is now at version 4). "
                                   "Review the current state and apply your change again."), "current_version": 4,
                         "current": {"id": 12, "version": 4}}, {"ETag": H("ETag")}),
    "UnsupportedMediaType": problem("The body is not `application/json`.",
                                    example(415, "Unsupported Media Type", "Send the body as application/json.")),
    "UnprocessableContent": problem("Some fields are not valid; `errors` names each.",
                                    example(422, "Invalid input", "cpu_cores must be a whole number",
                                            [("cpu_cores", "must be a whole number")])),
    "PreconditionRequired": problem("The edit names no version: send If-Match or a `version` field.",
                                    example(428, "Version required", "Send the version this edit is based on: an If-Match "
                                            "header or a version field.", [("version", "is required")])),
    "TooManyRequests": problem("Too many attempts; wait `Retry-After` seconds. (The nginx rate limit in front of the sign-in "
                               "routes answers with a plain HTML page.)",
                               example(429, "Too many requests", "Too many failed sign-ins. Try again later."),
                               {"Retry-After": H("RetryAfter")}, html=True),
    "ServiceUnavailable": problem("The database cannot be reached; try again shortly.",
                                  example(503, "Temporarily unavailable", "The portal cannot reach its database right now; "
                                          "please try again shortly."), {"Retry-After": H("RetryAfter")}),
}

PARAMETERS = {
    "id": {"name": "id", "in": "path", "required": True, "description": "The resource id.", "schema": ID},
    "limit": {"name": "limit", "in": "query", "description": "Page size, 1–200 (default 50).",
              "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
    "cursor": {"name": "cursor", "in": "query", "description": "The `next_cursor` of the previous page.",
               "schema": {"type": "string"}},
    "IfMatch": {"name": "If-Match", "in": "header", "description": "The version the edit is based on: `\"3\"`, `W/\"3\"` or `3`.",
                "schema": {"type": "string", "examples": ["\"3\""]}},
    "TwoFactorCode": {"name": "X-2FA-Code", "in": "header",
                      "description": "A current TOTP code of the acting user (for order changes: the acting staff member); "
                                     "each code is accepted once. After 5 wrong codes in 15 minutes every attempt answers 429 "
                                     "with Retry-After.",
                      "schema": {"type": "string", "pattern": "^[0-9]{6}$", "examples": ["492039"]}},
    "IdempotencyKey": {"name": "Idempotency-Key", "in": "header",
                       "description": "Makes a retry safe: the same key with the same request within 24 hours answers the first "
                                      "answer again (with `Idempotent-Replayed: true`) without doing anything twice. The same key "
                                      "with another method, path or body answers 422; while the first request with the key still "
                                      "runs, 409. Keys are the caller's own; 1–255 printable ASCII characters (a V4 UUID is a good key).",
                       "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x20-\\x7e]+$",
                                  "examples": ["5f2b8c1e-7d3a-4c6b-9e21-0a4f6d8b3c17"]}},
}
P = lambda name: {"$ref": f"#/components/parameters/{name}"}  # noqa: E731
TEMPLATE_PARAMS = [{"name": "event", "in": "path", "required": True, "schema": {"type": "string", "examples": ["invoice.issued"]}},
                   {"name": "channel", "in": "path", "required": True, "schema": {"type": "string", "enum": ["email", "sms"]}}]
R = lambda name: {"$ref": f"#/components/responses/{name}"}  # noqa: E731


def query(name, schema, description):
    return {"name": name, "in": "query", "description": description, "schema": schema}


def ok(schema_name, description, status="200", headers=(), example_value=None):
    media = {"schema": ref(schema_name)}
    if example_value is not None:
        media["example"] = example_value
    response = {"description": description, "content": {"application/json": media}}
    if headers:
        response["headers"] = {h: H(h.replace("-", "")) for h in headers}
    return {status: response}


def body(schema_name, required=True, example_value=None):
    media = {"schema": ref(schema_name)}
    if example_value is not None:
        media["example"] = example_value
    return {"required": required, "content": {"application/json": media}}


NO_CONTENT = {"204": {"description": "Done; no body."}}

# Who may call what, as the reference page shows it.
ANYONE = "Anyone (no sign-in)"
SIGNED_IN = "Anyone signed in"
STAFF = "Staff (admin or staff role, two-factor sign-in enrolled)"
STAFF_2FA = "Staff, with a fresh X-2FA-Code of the acting staff member"
STAFF_OR_OWN = "Staff: all; customers: their own (others' ids answer 404)"
ADMIN = "Admins (two-factor sign-in enrolled)"
ADMIN_2FA = "Admins, with a fresh X-2FA-Code of the acting admin"
OWN_2FA = "Anyone signed in with two-factor sign-in, with a fresh X-2FA-Code of their own"


def op(tag, summary, access, responses, errors, *, public=False, description="", parameters=(), request=None, op_id):
    """One operation. `errors` are the error statuses beyond the ones every call may answer."""
    codes = set(errors) | {"400", "401", "403", "503"}
    if access in (STAFF_2FA, ADMIN_2FA):
        codes.add("429")  # wrong step-up codes are throttled per staff member
    if request is not None:
        codes |= {"415", "422"}
    names = {"400": "BadRequest", "401": "Unauthorized", "403": "Forbidden", "404": "NotFound", "409": "Conflict",
             "415": "UnsupportedMediaType", "422": "UnprocessableContent", "428": "PreconditionRequired",
             "429": "TooManyRequests", "503": "ServiceUnavailable"}
    all_responses = dict(responses)
    for code in sorted(codes):
        all_responses[code] = R(names[code])
    operation = {"tags": [tag], "summary": summary, "operationId": op_id, "x-access": access,
                 "description": (description + ("\n\n" if description else "") + f"Who may call: {access}.").strip(),
                 "responses": all_responses}
    if parameters:
        operation["parameters"] = list(parameters)
    if request is not None:
        operation["requestBody"] = request
    if public:
        operation["security"] = []
    return operation


PRODUCT_EXAMPLE = {"name": "VPS S", "description": "Small VPS", "server_type": "vps", "cpu_cores": 2, "ram_gb": 4,
                   "storage_gb": 80, "storage_type": "nvme", "bandwidth_tb": 2, "datacenter_location": "Frankfurt",
                   "region": "eu", "price_monthly": "9.99", "price_yearly": "99.00", "setup_fee": "0.00",
                   "provisioning_type": "automated", "provisioning_module": "demo", "available_os": ["debian-12"],
                   "is_active": True, "stock_count": None}
LIST_PARAMS = [P("limit"), P("cursor")]
SERVER_ACTIONS = {
    "suspend": ("Suspend a server", STAFF, "Queues a suspend through the server's provisioning module."),
    "unsuspend": ("Unsuspend a server", STAFF, "Queues an unsuspend."),
    "terminate": ("Terminate a server", STAFF, "Queues the termination; the server's data is gone afterwards."),
    "reboot": ("Reboot a server", "Staff, or the owner while the server is active (customers: at most 5 reboots per 10 minutes)",
               "Queues a reboot."),
}

LOGIN_DESCRIPTION = """Send `totp` once two-factor sign-in is on: a current TOTP code or an unused recovery code (each accepted once).

Staff always sign in with two-factor sign-in. A staff member whose set-up is still pending — the TOTP secret `vpsctl admin create` printed, or the one `/account/2fa` shows — sends a current code of that secret as `totp`: it confirms the set-up, and the answer then also carries `recovery_codes`, shown this once. Without `totp` such a login answers 401 naming `totp`; a staff member with no secret at all (after an admin's reset) gets 403 saying where to set it up again.

Wrong passwords and codes are throttled per account and address (429 with `Retry-After`)."""
STAFF_LIST_EXAMPLE = {"items": [{"id": 4, "email": "ops@example.com", "name": "Ops", "role": "staff", "is_active": True,
                                 "two_factor_enabled": True, "created_at": "2026-11-02T09:15:00Z", "can_reset_two_factor": True}],
                      "next_cursor": None}
TASK_EXAMPLE = {"id": 6, "instance_id": 9, "hostname": "web1.example.com", "customer_email": "jane@example.org",
                "product_name": "Dedicated D1", "action": "provision", "status": "open", "outcome": "",
                "created_at": "2026-11-21T10:00:00Z"}
RECOVERY_EXAMPLE = {"recovery_codes": ["r6utl-6dfny", "7o55c-z6lji", "5wk6w-yrucc", "cxphl-dgllm", "6phwg-tpf3o",
                                       "jfq3d-w5m36", "bzamz-micrd", "aafqi-nasq5", "rh6yj-nm3yn", "owvoh-b4ptg"]}
PROFILE_EXAMPLE = {"id": 7, "email": "jane@example.org", "name": "Jane Doe", "role": "customer", "is_active": True,
                   "two_factor_enabled": True, "created_at": "2026-10-01T08:00:00Z", "company": "Example Org Ltd",
                   "phone": "+49 30 1234567"}

PATHS = {
    "/health": {"get": op("Meta", "Health check", ANYONE, {
        "200": {"description": "The portal and its database answer.", "content": {"application/json": {
            "schema": ref("Health"), "example": {"status": "ok", "database": "ok"}}}}}, [], public=True, op_id="health")},
    "/metrics": {"get": op("Meta", "Prometheus metrics", "Addresses in VPS_METRICS_ALLOW (loopback by default)", {
        "200": {"description": "Prometheus' text format 0.0.4: requests and latency per route, responses by status, "
                               "busy worker threads, database errors (each with a `worker` label), jobs by status, "
                               "the outbox backlog and the billing run's age.",
                "content": {"text/plain": {"schema": {"type": "string"}}}}}, ["404"], public=True, op_id="metrics",
        description="Any other address gets 404: for it, the route does not exist.")},
    "/api/v1/openapi.json": {"get": op("Meta", "This OpenAPI document", ANYONE, {
        "200": {"description": "The OpenAPI 3.1 document (cacheable for 5 minutes).",
                "content": {"application/json": {"schema": {"type": "object"}}}}}, ["404"], public=True, op_id="getOpenAPI",
        description="A 404 means the document is not installed on this server.")},
    "/api/v1/auth/register": {"post": op(
        "Auth", "Register a customer account", ANYONE,
        ok("AccountReply", "The same answer for a new and a taken address.", status="202",
           example_value={"status": "accepted", "detail": "Check your email to confirm your address: we have sent a link to it. "
                          "Follow the link (it works for 48 hours), then sign in."}),
        ["429"], public=True, op_id="register",
        request=body("RegisterRequest", example_value={"email": "new.customer@example.com", "password": "a long passphrase",
                                                       "name": "New Customer"}),
        description="A new address gets an unconfirmed customer account and an email with a confirmation link (48 hours); a taken "
        "address gets the very same 202, nothing is created, and its owner is emailed that someone tried (at most once an hour). "
        "Nobody is signed in: sign in with `POST /api/v1/auth/login`. Until the address is confirmed, placing an order is a 403. "
        "Only invalid fields are a 422.")},
    "/api/v1/auth/verify-email": {"post": op(
        "Auth", "Confirm an email address", ANYONE,
        ok("AccountReply", "The address is confirmed (the welcome email is queued).",
           example_value={"status": "verified", "detail": "The email address is confirmed."}),
        ["429"], public=True, op_id="verifyEmail",
        request=body("EmailVerificationRequest", example_value={"token": "nN0x…"}),
        description="The token from the emailed link (`/verify-email?token=…`). An unknown, used or expired token is a 422 on "
        "`token` and changes nothing.")},
    "/api/v1/auth/login": {"post": op("Auth", "Sign in for a token", ANYONE, ok("LoginReply", "Signed in: a bearer token."),
                                      ["429"], public=True, op_id="login",
                                      request=body("LoginRequest", example_value={"email": "admin@example.com",
                                                                                  "password": "…", "totp": "492039"}),
                                      description=LOGIN_DESCRIPTION)},
    "/api/v1/auth/password-reset": {"post": op(
        "Auth", "Ask for a password reset link", ANYONE,
        ok("PasswordResetReply", "The same answer for every well-formed address.", status="202",
           example_value={"status": "accepted", "detail": "If an account uses that address, we have sent it a link to choose a "
                          "new password. The link works for 30 minutes."}),
        ["429"], public=True, op_id="requestPasswordReset",
        request=body("PasswordResetRequest", example_value={"email": "jane@example.com"}),
        description="When the address belongs to an active account, it is emailed a one-time link (30 minutes; void once the "
        "password changes). Unknown addresses and throttled requests (3 per account, 10 per client address in 15 minutes) "
        "get the same 202 and nothing is sent. Only a missing or malformed `email` is a 422. A burst of requests from one client "
        "address meets the sign-in routes' rate limit (429 with Retry-After).")},
    "/api/v1/auth/password-reset/confirm": {"post": op(
        "Auth", "Set a new password from a reset link", ANYONE,
        ok("PasswordResetReply", "The password is set; every session of the account was signed out.",
           example_value={"status": "password_changed", "detail": "The new password is set; every session was signed out."}),
        ["429"], public=True, op_id="confirmPasswordReset",
        request=body("PasswordResetConfirm", example_value={"token": "nN0x…", "password": "a new long passphrase"}),
        description="An unknown, used or expired token, or one sent before the password last changed, is a 422 on `token`; "
        "a password the registration policy refuses is a 422 on `password`. Nothing changes then. Audited.")},
    "/api/v1/me": {"get": op("Tokens", "Who am I", SIGNED_IN, ok("User", "The caller's account."), [], op_id="me")},
    "/api/v1/account": {
        "get": op("Account", "My account", SIGNED_IN,
                  ok("Account", "The profile and how many recovery codes are left.",
                     example_value={**PROFILE_EXAMPLE, "recovery_codes_left": 9}), [], op_id="getAccount",
                  description="What the account page (`/account`, `/my/account`) shows; tokens are at `/api/v1/tokens`, "
                  "sessions at `/api/v1/account/sessions`."),
        "patch": op("Account", "Change my profile", SIGNED_IN, ok("Profile", "The profile as saved.", example_value=PROFILE_EXAMPLE),
                    [], op_id="updateAccount",
                    request=body("ProfileChange", example_value={"name": "Jane Doe", "phone": "+49 30 1234567"}),
                    description="Changes only the fields sent. Staff have no company or phone; those fields are ignored for them. "
                    "Audited."),
    },
    "/api/v1/account/password": {"post": op(
        "Account", "Change my password", SIGNED_IN, NO_CONTENT, ["429"], op_id="changePassword",
        request=body("PasswordChange", example_value={"current_password": "the old passphrase", "new_password": "a new long passphrase"}),
        description="A wrong `current_password` is a 422 on that field; 5 in 15 minutes and every attempt answers 429 with "
        "`Retry-After`. Every browser session ends except the one the request came in on; API tokens stay valid.")},
    "/api/v1/account/verification": {"post": op(
        "Account", "Send me a new confirmation link", SIGNED_IN,
        ok("AccountReply", "A new link is on its way.", status="202",
           example_value={"status": "sent", "detail": "We have sent a new confirmation link to your email address. It works for 48 hours."}),
        ["409", "429"], op_id="resendEmailVerification",
        description="For a customer whose address is not confirmed yet. 409 when it already is; one link a minute and five an "
        "hour (the registration's link counts), else 429 with `Retry-After`.")},
    "/api/v1/account/sessions": {"get": op(
        "Account", "My signed-in browser sessions", SIGNED_IN,
        ok("SessionList", "The live sessions, newest first.", example_value={"items": [{
            "id": 31, "created_at": "2026-11-21T09:00:00Z", "last_seen_at": "2026-11-21T09:40:00Z", "remote_address": "198.51.100.7",
            "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "current": False}], "next_cursor": None}),
        [], op_id="listMySessions")},
    "/api/v1/account/notifications": {
        "get": op("Account", "My optional notifications", SIGNED_IN, ok("NotificationChoiceList", "Each optional message."), [],
                  op_id="listMyNotificationChoices"),
        "patch": op("Account", "Choose my optional notifications", SIGNED_IN, ok("NotificationChoiceList", "The choices as saved."), [],
                    op_id="updateMyNotificationChoices", request=body("NotificationChoices", example_value={"order.placed": False}),
                    description="Required messages (security, invoices, payments) cannot be turned off: 422 naming them."),
    },
    "/api/v1/account/phone": {
        "get": op("Account", "My SMS number", SIGNED_IN, ok("SMSPhone", "The confirmed number."), [], op_id="getMyPhone"),
        "put": op("Account", "Add or change my SMS number", SIGNED_IN, ok("SMSCodeSent", "A code was sent to it.", status="202"),
                  ["429"], op_id="startMyPhone", request=body("SMSPhoneStart", example_value={"phone": "+4915112345678"}),
                  description="Sends a 6-digit code by SMS, valid 10 minutes; at most 3 codes an hour (429 with Retry-After)."),
        "delete": op("Account", "Remove my SMS number", SIGNED_IN, ok("SMSPhone", "No number."), [], op_id="removeMyPhone"),
    },
    "/api/v1/account/phone/confirm": {"post": op(
        "Account", "Confirm my SMS number", SIGNED_IN, ok("SMSPhone", "The number, now confirmed."), [],
        op_id="confirmMyPhone", request=body("SMSPhoneConfirm", example_value={"code": "123456"}),
        description="A wrong, expired or spent code: 422 on `code`; after 5 wrong codes ask for a new one.")},
    "/api/v1/account/sessions/end-others": {"post": op(
        "Account", "Sign out my other sessions", SIGNED_IN, ok("SessionsEnded", "How many sessions ended.", example_value={"ended": 2}),
        [], op_id="endOtherSessions",
        description="Ends every browser session but the one the request came in on (with a token: all of them). Tokens stay "
        "valid; revoke them at `/api/v1/tokens/{id}`.")},
    "/api/v1/account/2fa": {
        "post": op("Two-factor sign-in", "Start setting up two-factor sign-in", SIGNED_IN,
                   ok("TwoFactorSetUp", "The pending secret.", example_value={
                       "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                       "otpauth_uri": "otpauth://totp/VPS%20Portal:jane@example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                                      "&issuer=VPS%20Portal",
                       "qr_svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" …</svg>"}),
                   ["409"], op_id="startTwoFactor",
                   description="Makes a secret (or answers the pending one again) for an authenticator app; "
                   "`/api/v1/account/2fa/confirm` turns it on. Already on: 409. Staff who have not set it up yet may call this "
                   "with a token from `vpsctl token create`."),
        "delete": op("Two-factor sign-in", "Turn two-factor sign-in off", "Customers with two-factor sign-in, with a fresh "
                     "X-2FA-Code (a TOTP code or a recovery code)", NO_CONTENT, ["409", "429"], op_id="disableTwoFactor",
                     parameters=[P("TwoFactorCode")],
                     description="Customers only: staff must keep two-factor sign-in (403; an admin resets a lost one). "
                     "`X-2FA-Code` may also be an unused recovery code, so a lost phone is no dead end. Without the header: 401; "
                     "a wrong or used code: 403; not on: 409. The secret and the recovery codes are deleted; audited."),
    },
    "/api/v1/account/2fa/confirm": {"post": op(
        "Two-factor sign-in", "Confirm two-factor sign-in with a first code", SIGNED_IN,
        ok("RecoveryCodes", "Two-factor sign-in is on; the recovery codes, shown only now.", example_value=RECOVERY_EXAMPLE),
        ["409", "429"], op_id="confirmTwoFactor", request=body("TwoFactorConfirmation", example_value={"code": "492039"}),
        description="A wrong code is a 422 on `code`; 10 wrong codes in 15 minutes and every attempt answers 429. Already on, "
        "or no pending secret: 409. (A staff member can instead confirm at the first `POST /api/v1/auth/login`.)")},
    "/api/v1/account/2fa/recovery-codes": {"post": op(
        "Two-factor sign-in", "Replace my recovery codes", OWN_2FA,
        ok("RecoveryCodes", "Ten new codes, shown only now; the old ones no longer work.", example_value=RECOVERY_EXAMPLE),
        ["409", "429"], op_id="regenerateRecoveryCodes", parameters=[P("TwoFactorCode")],
        description="`X-2FA-Code` must be a current TOTP code (a recovery code will not do). Without it: 401; wrong or used: 403; "
        "5 wrong codes in 15 minutes: 429. Without two-factor sign-in: 409. Audited.")},

    "/api/v1/tokens": {
        "get": op("Tokens", "List my API tokens", SIGNED_IN, ok("TokenList", "The caller's tokens (revoked ones included)."),
                  [], op_id="listTokens"),
        "post": op("Tokens", "Create an API token", SIGNED_IN,
                   ok("TokenCreated", "The token; its secret is shown only now.", status="201"), [], op_id="createToken",
                   request=body("TokenRequest", example_value={"name": "deploy script", "scope": "read"}),
                   description="A `read` token may only GET."),
    },
    "/api/v1/tokens/{id}": {"delete": op("Tokens", "Revoke one of my tokens", SIGNED_IN, NO_CONTENT, ["404"], op_id="revokeToken",
                                         parameters=[P("id")])},
    "/api/v1/dedicated-servers/products": {
        "get": op("Products", "List products", "Anyone signed in (customers see active products only)",
                  ok("ProductList", "A page of products."), ["422"], op_id="listProducts", parameters=[
                      query("server_type", {"type": "string", "enum": ["vps", "dedicated"]}, "Only this type."),
                      query("is_active", {"type": "string", "enum": ["true", "false"]}, "Staff: filter by active."),
                      query("location", {"type": "string"}, "Only this data-centre location."),
                      query("datacenter_location", {"type": "string"}, "Same as `location`."),
                      query("sort", {"type": "string", "enum": [
                          s for base in ["name", "price_monthly", "created_at", "cpu_cores", "ram_gb", "id"]
                          for s in (base, "-" + base)]}, "Sort key; prefix `-` for descending."),
                      *LIST_PARAMS]),
        "post": op("Products", "Create a product", STAFF,
                   ok("Product", "The new product.", status="201", headers=("ETag", "Location")), [], op_id="createProduct",
                   request=body("ProductInput", example_value=PRODUCT_EXAMPLE)),
    },
    "/api/v1/dedicated-servers/products/{id}": {
        "get": op("Products", "Show a product", "Anyone signed in (customers: active products only)",
                  ok("Product", "The product.", headers=("ETag",)), ["404"], op_id="getProduct", parameters=[P("id")]),
        "put": op("Products", "Replace a product", STAFF, ok("Product", "The product as saved.", headers=("ETag",)),
                  ["404", "409", "428"], op_id="replaceProduct", parameters=[P("id"), P("IfMatch")],
                  request=body("ProductInput", example_value={**PRODUCT_EXAMPLE, "version": 3}),
                  description="Optimistic concurrency: If-Match or `version` is required (428 without); a stale one is 409."),
        "delete": op("Products", "Delete a product", STAFF, NO_CONTENT, ["404", "409"], op_id="deleteProduct",
                     parameters=[P("id")], description="A product that was ordered cannot be deleted (409); deactivate it."),
    },
    "/api/v1/customers": {
        "get": op("Customers", "List customers", STAFF, ok("CustomerList", "A page of customers."), ["422"],
                  op_id="listCustomers", parameters=[query("search", {"type": "string"}, "Part of the email, name or company."),
                                                     *LIST_PARAMS]),
        "post": op("Customers", "Create a customer", STAFF,
                   ok("Customer", "The new customer.", status="201", headers=("ETag", "Location")), [], op_id="createCustomer",
                   request=body("CustomerInput", example_value={"email": "ops@example.org", "name": "Example Org",
                                                                 "company": "Example Org Ltd", "password": "a long passphrase"})),
    },
    "/api/v1/customers/{id}": {
        "get": op("Customers", "Show a customer", STAFF, ok("Customer", "The customer.", headers=("ETag",)), ["404"],
                  op_id="getCustomer", parameters=[P("id")]),
        "patch": op("Customers", "Change a customer", STAFF, ok("Customer", "The customer as saved.", headers=("ETag",)),
                    ["404", "409", "428"], op_id="updateCustomer", parameters=[P("id"), P("IfMatch")],
                    request=body("CustomerInput", example_value={"phone": "+49 30 1234567", "version": 2})),
        "delete": op("Customers", "Delete a customer", STAFF, NO_CONTENT, ["404", "409"], op_id="deleteCustomer",
                     parameters=[P("id")], description="A customer with orders cannot be deleted (409); disable the account."),
    },
    "/api/v1/customers/{id}/billing": {
        "get": op("Customers", "Show a customer's billing", STAFF, ok("CustomerBilling", "Services, invoices, amount due and credit."),
                  ["404"], op_id="getCustomerBilling", parameters=[P("id")]),
    },
    "/api/v1/customers/{id}/credit": {
        "get": op("Customers", "Show a customer's credit", STAFF_OR_OWN, ok("CreditAccount", "The balance and the ledger."), ["404"],
                  op_id="getCustomerCredit", parameters=[P("id")]),
        "post": op("Customers", "Add credit", STAFF_2FA, ok("CreditAccount", "The balance and ledger after the entry.", status="201"),
                   ["404"], op_id="addCustomerCredit", parameters=[P("id"), P("TwoFactorCode")],
                   request=body("CreditRequest", example_value={"amount": "10.00", "reason": "Goodwill: outage on 3 March"}),
                   description="Appends an entry to the ledger. An amount of 0.00 or less or with more than two decimals is a 422 "
                   "on `amount`; an empty reason a 422 on `reason`. Credit is applied to the customer's next issued invoices "
                   "when the billing setting `apply_credit_automatically` is on (default)."),
    },
    "/api/v1/orders": {
        "get": op("Orders", "List orders", "Staff: all; customers: their own", ok("OrderList", "A page of orders."), ["422"],
                  op_id="listOrders", parameters=[
                      query("status", {"type": "string", "enum": ORDER_STATUSES}, "Only this status."),
                      query("customer_id", ID, "Staff: only this customer's orders."),
                      query("from", {"type": "string", "examples": ["2026-11-21"]}, "Created at or after (date or RFC 3339)."),
                      query("to", {"type": "string", "examples": ["2026-11-30"]}, "Created before (a date includes that day)."),
                      *LIST_PARAMS]),
        "post": op("Orders", "Place an order", "Customers (for themselves) or staff (for a customer)",
                   ok("Order", "The new order (pending).", status="201", headers=("ETag", "Location")), ["403", "409"],
                   op_id="createOrder", request=body("OrderRequest", example_value={
                       "items": [{"product_id": 3, "billing_cycle": "monthly", "quantity": 1, "hostname": "web1.example.com",
                                  "operating_system": "debian-12"}], "notes": ""}),
                   description="Prices are copied from the catalog; an item that is out of stock is a 409. A customer who has not "
                   "confirmed their email address yet gets a 403 (`POST /api/v1/account/verification` sends a new link)."),
    },
    "/api/v1/orders/{id}": {
        "get": op("Orders", "Show an order", STAFF_OR_OWN, ok("Order", "The order.", headers=("ETag",)), ["404"],
                  op_id="getOrder", parameters=[P("id")]),
        "patch": op("Orders", "Change an order", STAFF_2FA, ok("Order", "The order as saved.", headers=("ETag",)),
                    ["404", "409", "428"], op_id="updateOrder", parameters=[P("id"), P("TwoFactorCode"), P("IfMatch")],
                    request=body("OrderChange", example_value={"notes": "Customer asked for Debian 12.", "version": 2}),
                    description="Without X-2FA-Code: 401; with a wrong or reused code: 403. A version (If-Match or "
                    "`version`) is required (428); a stale one is 409 with the current order. A status change the state "
                    "machine forbids is 409."),
        "delete": op("Orders", "Delete an order", STAFF_2FA, NO_CONTENT, ["404", "409"], op_id="deleteOrder",
                     parameters=[P("id"), P("TwoFactorCode"), P("IfMatch")],
                     description="Only pending or cancelled orders; refund paid ones instead (409)."),
    },
    "/api/v1/orders/{id}/pay": {"post": op(
        "Orders", "Mark an order paid", STAFF_2FA, ok("Order", "The order, now paid; its servers are queued for provisioning.",
                                                      headers=("ETag",)),
        ["404", "409", "415", "422"], op_id="payOrder", parameters=[P("id"), P("TwoFactorCode"), P("IfMatch")],
        request=body("PaymentRequest", required=False, example_value={"reference": "bank transfer 2026-118", "version": 1}),
        description="Provisions the order's servers exactly once, even when two requests race.")},
    "/api/v1/invoices": {"get": op(
        "Invoices", "List invoices", STAFF_OR_OWN.replace(" (others' ids answer 404)", ""), ok("InvoiceList", "A page of invoices."),
        ["422"], op_id="listInvoices", parameters=[
            query("status", {"type": "string", "enum": INVOICE_STATUSES}, "Only this status."),
            query("customer_id", ID, "Staff: only this customer's invoices."),
            query("number", {"type": "string", "maxLength": 40}, "Only the invoice with this number, e.g. INV-2026-000042."),
            query("overdue", {"type": "string", "enum": ["true", "false", "1", "0"]},
                  "Only unpaid invoices whose due date has passed (in the company's time zone)."),
            query("issued_from", {"type": "string", "format": "date"}, "Issued on or after this day."),
            query("issued_to", {"type": "string", "format": "date"}, "Issued on or before this day (not before issued_from)."),
            *LIST_PARAMS])},
    "/api/v1/invoices/{id}": {"get": op("Invoices", "Show an invoice", STAFF_OR_OWN, ok("Invoice", "The invoice."), ["404"],
                                        op_id="getInvoice", parameters=[P("id")])},
    "/api/v1/invoices/{id}/pdf": {"get": op(
        "Invoices", "Download an invoice's PDF", STAFF_OR_OWN,
        {"200": {"description": "The PDF, stored once per issued invoice; every request answers the same bytes.",
                 "headers": {"Content-Disposition": {"description": 'attachment; filename="<number>.pdf"', "schema": {"type": "string"}}},
                 "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}},
        ["404", "409"], op_id="getInvoicePdf", parameters=[P("id")],
        description="Rendered by a job when the invoice is issued; when it is not stored yet it is rendered now (once). "
        "A draft has none (409).")},
    "/api/v1/invoices/{id}/credit-notes": {"post": op(
        "Invoices", "Issue a credit note on an invoice", STAFF_2FA, ok("CreditNote", "The credit note.", status="201"),
        ["404", "409"], op_id="createCreditNote", parameters=[P("id"), P("TwoFactorCode")],
        request=body("CreditNoteRequest", example_value={"amount": "5.00", "reason": "Outage on 3 March", "refund_to": "credit_balance"}),
        description="The invoice itself never changes. On an unpaid invoice the credit first lowers `amount_due` (reaching 0.00 "
        "settles it as paid); the rest refunds money already paid, to the customer's credit balance (a ledger entry of kind "
        "`refund`) or outside the portal. When the whole total is credited and some was refunded the invoice is `refunded`. "
        "More than what is still creditable (total less credit notes), 0.00 or less, or more than two decimals is a 422 on "
        "`amount`; a draft, cancelled or refunded invoice is a 409.")},
    "/api/v1/invoices/{id}/payments": {"post": op(
        "Invoices", "Record a payment on an invoice", STAFF_2FA, ok("Invoice", "The invoice after the payment.", status="201"),
        ["404", "409"], op_id="recordInvoicePayment", parameters=[P("id"), P("TwoFactorCode")],
        request=body("InvoicePaymentRequest", example_value={"amount": "29.99", "method": "bank_transfer", "reference": "TX-2026-118"}),
        description="Lowers `amount_due`; the payment that brings it to 0.00 marks the invoice paid — an order's servers are then "
        "handed to provisioning, renewed servers' `next_due_date` moves one period. An amount of 0.00 or less, or with more than two "
        "decimals is a 422 on `amount`; the excess of an amount above the amount due goes in as the customer's credit. An invoice "
        "that is not unpaid is a 409.")},
    "/api/v1/invoices/{id}/cancel": {"post": op(
        "Invoices", "Cancel an invoice", STAFF_2FA, ok("Invoice", "The invoice, cancelled (it keeps its number)."),
        ["404", "409"], op_id="cancelInvoice", parameters=[P("id"), P("TwoFactorCode")],
        description="Only an unpaid invoice without payments (409 otherwise); an order's invoice is cancelled by cancelling the "
        "order. The periods it billed are released, so the next billing run invoices them again.")},
    "/api/v1/dedicated-servers/provision": {"post": op(
        "Servers", "Provision a server directly", STAFF,
        ok("JobAccepted", "The server exists (pending) and its provision job is queued.", status="202", headers=("Location",)),
        ["409"], op_id="provisionServer", request=body("ProvisionRequest", example_value={
            "customer_id": 7, "product_id": 3, "hostname": "db1.example.com", "operating_system": "debian-12"}))},
    "/api/v1/dedicated-servers/instances": {"get": op(
        "Servers", "List servers", "Staff: all; customers: their own", ok("ServerList", "A page of servers."), ["422"],
        op_id="listServers", parameters=[
            query("status", {"type": "string", "enum": SERVER_STATUSES}, "Only this status."),
            query("customer_id", ID, "Staff: only this customer's servers."),
            query("product_id", ID, "Only servers of this product."),
            query("location", {"type": "string"}, "Only this data-centre location."),
            query("search", {"type": "string"}, "Part of the host name, IP address or customer email."),
            *LIST_PARAMS])},
    "/api/v1/dedicated-servers/instances/{id}": {
        "get": op("Servers", "Show a server", STAFF_OR_OWN, ok("ServerInstance", "The server.", headers=("ETag",)), ["404"],
                  op_id="getServer", parameters=[P("id")]),
        "put": op("Servers", "Edit a server's recorded details", STAFF,
                  ok("ServerInstance", "The server as saved.", headers=("ETag",)), ["404", "409", "428"], op_id="updateServer",
                  parameters=[P("id"), P("IfMatch")],
                  request=body("InstanceEdit", example_value={"ip_address": "203.0.113.10", "ssh_port": 22, "version": 2}),
                  description="Status changes go through the actions; this records details (addresses, panel, passwords)."),
    },
    "/api/v1/dedicated-servers/instances/{id}/status": {"get": op(
        "Servers", "Server status and its newest job", STAFF_OR_OWN, ok("ServerStatusReport", "The status."), ["404"],
        op_id="getServerStatus", parameters=[P("id")])},
    "/api/v1/dedicated-servers/instances/{id}/credentials": {"get": op(
        "Servers", "Read a server's credentials", "Staff, or the owner (every read is audited)",
        ok("ServerCredentials", "The credentials."), ["404", "409"], op_id="getServerCredentials", parameters=[P("id")],
        description="A terminated server's credentials are gone (409).")},
    "/api/v1/dedicated-servers/instances/{id}/retry": {"post": op(
        "Servers", "Retry a failed provisioning", STAFF,
        ok("JobAccepted", "The provision job is queued again.", status="202", headers=("Location",)), ["404", "409"],
        op_id="retryProvisioning", parameters=[P("id")], description="Only for servers pending provisioning or failed.")},
    "/api/v1/jobs/{id}": {"get": op("Jobs", "Show a job", "Staff, or the customer the job acts for",
                                    ok("Job", "The job: queued, running, succeeded or failed (with `error`)."), ["404"],
                                    op_id="getJob", parameters=[P("id")])},
    "/api/v1/audit": {"get": op("Logs", "The audit trail", STAFF, ok("AuditList", "A page of audit rows."), ["422"],
                                op_id="listAudit", parameters=[
                                    query("target_type", {"type": "string", "examples": ["order"]}, "Only this kind of target."),
                                    query("target_id", {"type": "string"}, "Only this target (with target_type)."),
                                    *LIST_PARAMS])},
    "/api/v1/dashboard": {"get": op(
        "Staff", "The dashboard's figures", STAFF, ok("Dashboard", "Orders and servers by status, this month's revenue, recent "
                                                                    "activity.", example_value={
            "orders": {"counts_by_status": {"pending": 3, "paid": 1, "active": 12, "cancelled": 2, "refunded": 0},
                       "revenue_this_month": "1284.50", "payments_this_month": 14},
            "servers": {"pending_provisioning": 1, "provisioning": 0, "active": 20, "suspended": 1, "terminated": 4, "failed": 0},
            "recent_activity": []}),
        [], op_id="getDashboard", description="What `/admin` shows.")},
    "/api/v1/staff": {"get": op(
        "Staff", "List staff members", STAFF, ok("StaffList", "Every staff member, with who may reset whose two-factor sign-in.",
                                                 example_value=STAFF_LIST_EXAMPLE), [], op_id="listStaff")},
    "/api/v1/staff/{id}/reset-2fa": {"post": op(
        "Staff", "Reset a staff member's two-factor sign-in", ADMIN, NO_CONTENT, ["404", "409"], op_id="resetStaffTwoFactor",
        parameters=[P("id")],
        description="Removes the member's secret and recovery codes and ends their sessions; they set it up again at their next "
        "sign-in. An id that is not a staff member's: 404; your own: 409. Audited.")},
    "/api/v1/settings/billing": {
        "get": op("Billing settings", "Show the billing settings", ADMIN, ok("BillingSettings", "The settings."), [],
                  op_id="getBillingSettings"),
        "patch": op("Billing settings", "Change the billing settings", ADMIN_2FA, ok("BillingSettings", "The settings as saved."), [],
                    op_id="updateBillingSettings", parameters=[P("TwoFactorCode")], request=body("BillingSettingsChange", example_value={"prices_include_tax": False}),
                    description="Each bad field is named in a 422 and nothing changes. The seller and bank details go on invoices "
                    "issued from now on; issued invoices keep theirs. Audited."),
    },
    "/api/v1/settings/dunning": {
        "get": op("Dunning", "Show the dunning settings", ADMIN, ok("DunningSettings", "The settings."), [], op_id="getDunningSettings"),
        "patch": op("Dunning", "Change the dunning settings", ADMIN_2FA, ok("DunningSettings", "The settings as saved."), [],
                    op_id="updateDunningSettings", parameters=[P("TwoFactorCode")],
                    request=body("DunningSettingsChange", example_value={"enabled": True, "reminder_days": [7, 3]}),
                    description="Each bad field is named in a 422 and nothing changes. Audited."),
    },
    "/api/v1/customers/{id}/dunning": {
        "get": op("Dunning", "Show a customer's dunning terms", STAFF, ok("DunningCustomer", "Grace days and exemption."), ["404"],
                  op_id="getCustomerDunning", parameters=[P("id")]),
        "patch": op("Dunning", "Change a customer's dunning terms", STAFF, ok("DunningCustomer", "The terms as saved."), ["404"],
                    op_id="updateCustomerDunning", parameters=[P("id")], request=body("DunningCustomerChange", example_value={"grace_days": 10}),
                    description="Grace days postpone suspension; an exempt customer is never suspended or terminated. Audited."),
    },
    "/api/v1/automation/runs": {"get": op(
        "Dunning", "The dunning runs", STAFF, ok("DunningRunList", "The latest runs."), [], op_id="listDunningRuns",
        description="Each run of the billing tick's dunning: reminders, overdue notices, warnings, suspensions, terminations and failures.")},
    "/api/v1/tax-rates": {
        "get": op("Billing settings", "List tax rates", ADMIN, ok("TaxRateList", "Every rate."), [], op_id="listTaxRates"),
        "post": op("Billing settings", "Add a tax rate", ADMIN_2FA, ok("TaxRate", "The rate.", status="201", headers=("Location",)), [],
                   op_id="createTaxRate", parameters=[P("TwoFactorCode")], request=body("TaxRateInput", example_value={"country": "DE", "name": "VAT", "rate": "19"}),
                   description="An invoice uses its customer's region's rate, else the country's, else none. A second rate for the "
                   "same country and region is a 422. Audited."),
    },
    "/api/v1/tax-rates/{id}": {
        "put": op("Billing settings", "Change a tax rate", ADMIN_2FA, ok("TaxRate", "The rate as saved."), ["404"],
                  op_id="updateTaxRate", parameters=[P("id"), P("TwoFactorCode")],
                  request=body("TaxRateInput", example_value={"country": "DE", "name": "VAT", "rate": "19"})),
        "delete": op("Billing settings", "Delete a tax rate", ADMIN_2FA, NO_CONTENT, ["404"], op_id="deleteTaxRate", parameters=[P("id"), P("TwoFactorCode")],
                     description="Issued invoices keep the rate they were issued with."),
    },
    "/webhooks/{gateway}": {"post": op(
        "Payments", "A payment gateway's notification", ANYONE, ok("WebhookReceived", "Stored and queued (or a duplicate)."), ["404"],
        public=True, op_id="receiveWebhook",
        parameters=[{"name": "gateway", "in": "path", "required": True, "schema": {"type": "string", "examples": ["demo"]}},
                    {"name": "Stripe-Signature", "in": "header", "description": "`t=<unix>,v1=<hex>[,v1=<hex>…]`",
                     "schema": {"type": "string"}}],
        request={"required": True, "content": {"application/json": {"schema": {"type": "object"}, "example": {
            "id": "evt_demo_1", "type": "checkout.session.completed", "data": {"object": {
                "id": "cs_demo_1", "payment_intent": "pi_demo_1", "amount_total": 999, "currency": "eur", "payment_status": "paid"}}}}}},
        description="The raw body is verified as Stripe specifies (`stripe` and `demo`): HMAC-SHA256 under the gateway's webhook "
        "secret of `<t>.<body>`, every `v1` compared in constant time, `t` within 300 seconds. Refused (forged, stale, altered, "
        "missing): 400, stored as refused and written to the session log. Verified: stored once per event id and applied by the job "
        "runner, once per gateway transaction. No session, no CSRF. A gateway that does not exist or is disabled: 404.")},
    "/api/v1/invoices/{id}/checkout": {"post": op(
        "Payments", "Start paying an invoice online", "The invoice's owner, or staff",
        ok("CheckoutStarted", "Where to send the customer.", status="201"), ["404", "409"], op_id="startCheckout",
        parameters=[P("id")], request=body("CheckoutRequest", example_value={"gateway": "demo"}),
        description="Only an unpaid invoice (409 otherwise) and an enabled gateway (422 on `gateway`). The payment is recorded when "
        "the gateway's notification arrives; the customer returns to `/my/invoices/{id}?checkout=…`, which says \"payment received\" "
        "or \"processing\".")},
    "/api/v1/payment-methods": {"get": op(
        "Payments", "My saved cards", "Customers: their own", ok("SavedCardList", "The active cards."), [], op_id="listPaymentMethods")},
    "/api/v1/payment-methods/setup": {"post": op(
        "Payments", "Add a card", "Customers", ok("CardSetupStarted", "Where to send the customer.", status="201"), ["409"],
        op_id="startCardSetup", request=body("CardSetupRequest", example_value={"gateway": "stripe"}),
        description="Starts the gateway's hosted \"add a card\" page (Stripe Checkout in setup mode); card numbers never reach the "
        "portal. The card is saved when the gateway's notification arrives, once however often it comes; the customer's first card "
        "pays renewals automatically. A gateway that cannot save cards or is not enabled: 422 on `gateway`.")},
    "/api/v1/payment-methods/{id}": {
        "patch": op("Payments", "Choose a card for automatic payment", "Customers: their own (others' ids answer 404)",
                    ok("SavedCard", "The card as changed."), ["404"], op_id="updatePaymentMethod", parameters=[P("id")],
                    request=body("SavedCardChange", example_value={"auto_pay": True}),
                    description="At most one card per customer pays automatically: choosing one stops the other. `auto_pay` must be a "
                    "JSON boolean (422)."),
        "delete": op("Payments", "Remove a saved card", "Customers: their own (others' ids answer 404)",
                     ok("SavedCard", "The card, now removed."), ["404"], op_id="removePaymentMethod", parameters=[P("id")],
                     description="Detaches the card at the gateway, then marks it removed (no longer used for automatic payment). The "
                     "gateway not answering: 503, nothing changed."),
    },
    "/api/v1/customers/{id}/payment-methods": {"get": op(
        "Customers", "A customer's saved cards", STAFF, ok("SavedCardList", "The customer's active cards."), ["404"],
        op_id="listCustomerPaymentMethods", parameters=[P("id")], description="Read only. No such customer: 404.")},
    "/api/v1/customers/{id}/notifications": {"get": op(
        "Customers", "A customer's optional notifications", STAFF, ok("NotificationChoiceList", "Each optional message and whether the customer gets it."),
        ["404"], op_id="listCustomerNotificationChoices", parameters=[P("id")], description="Read only. No such customer: 404.")},
    "/api/v1/payments": {"get": op("Payments", "Gateway transactions", STAFF, ok("PaymentTransactionList", "A page of transactions."),
                                   ["422"], op_id="listPayments", parameters=LIST_PARAMS,
                                   description="Flagged ones (another amount or currency than asked, an invoice no longer open) say why.")},
    "/api/v1/payments/{id}/refunds": {"post": op(
        "Payments", "Refund a gateway payment", STAFF_2FA, ok("PaymentRefund", "The refund, made.", status="201"),
        ["404", "409"], op_id="refundPayment", parameters=[P("id"), P("TwoFactorCode")],
        request=body("PaymentRefundRequest", example_value={"amount": "5.00", "reason": "Customer cancelled"}),
        description="`id` is a transaction of `GET /api/v1/payments`. In full or in part, through the payment's own gateway "
        "(`manual`: no gateway call, staff send the money back themselves). The refund becomes a credit note on the invoice "
        "(refund_to `gateway`): its refunded amount grows and a wholly credited invoice is `refunded`. More than what is still "
        "refundable is a 422 on `amount`; a refund of the same payment still in progress, an invoice not `paid`, or the gateway "
        "refusing (its reason in `detail`; nothing changed) is a 409. The gateway is called once per refund.")},
    "/api/v1/payments/refunds": {"get": op(
        "Payments", "Refunds", STAFF, ok("PaymentRefundList", "A page of refunds."), ["422"], op_id="listPaymentRefunds",
        parameters=LIST_PARAMS + [query("status", {"type": "string", "enum": ["pending", "succeeded", "refused"]}, "Only this status."),
                                  query("gateway", GATEWAY_NAME, "Only this gateway's.")],
        description="The refunds table of `/admin/payments`. A pending refund the gateway gave no clear answer to is asked again "
        "(1, 5, 15, 60 … minutes, 8 asks, the same idempotency key); after the last it `needs_attention`.")},
    "/api/v1/payments/refunds/{id}/settle": {"post": op(
        "Payments", "Settle a stuck refund as made", STAFF_2FA, ok("PaymentRefund", "The refund, succeeded."), ["404", "409"],
        op_id="settlePaymentRefund", parameters=[P("id"), P("TwoFactorCode")],
        request=body("RefundSettleRequest", example_value={"gateway_refund_id": "re_3Pq0abc"}),
        description="Only a refund that `needs_attention` (409 otherwise): the gateway did refund; its credit note follows.")},
    "/api/v1/payments/refunds/{id}/refuse": {"post": op(
        "Payments", "Settle a stuck refund as refused", STAFF_2FA, ok("PaymentRefund", "The refund, refused."), ["404", "409"],
        op_id="refusePaymentRefund", parameters=[P("id"), P("TwoFactorCode")],
        request=body("RefundRefuseRequest", example_value={"reason": "Not refunded at the gateway"}),
        description="Only a refund that `needs_attention` (409 otherwise): the gateway did not refund; nothing else changes.")},
    "/api/v1/payments/notifications": {"get": op(
        "Payments", "Gateway notifications received", STAFF, ok("PaymentNotificationList", "A page of notifications."), ["422"],
        op_id="listPaymentNotifications", parameters=LIST_PARAMS, description="Refused ones too, with why.")},
    "/api/v1/payments/attempts": {"get": op(
        "Payments", "Automatic card charges", STAFF, ok("PaymentAttemptList", "A page of attempts."), ["422"],
        op_id="listPaymentAttempts",
        parameters=LIST_PARAMS + [query("status", {"type": "string", "enum": PAYMENT_ATTEMPT_STATUSES}, "Only this status.")],
        description="Off-session charges of the customer's saved card on an invoice's due date, retried on the billing settings' "
        "`autopay_retry_days` after a decline (`failed`, with the gateway's reason).")},
    "/api/v1/settings/payments": {"get": op("Payments", "Payment gateway settings", ADMIN, ok("GatewaySettingsList", "Every gateway."), [],
                                            op_id="listGatewaySettings")},
    "/api/v1/settings/payments/{gateway}": {"patch": op(
        "Payments", "Change a gateway's settings", ADMIN_2FA, ok("GatewaySettings", "The settings as saved."), ["404"],
        op_id="updateGatewaySettings",
        parameters=[{"name": "gateway", "in": "path", "required": True, "schema": GATEWAY_NAME}, P("TwoFactorCode")],
        request=body("GatewaySettingsChange", example_value={"enabled": True, "webhook_secret": "whsec_…"}),
        description="Secrets are sealed at rest and shown back only as a hint. An enabled gateway other than `manual` needs its "
        "webhook secret (422). Audited.")},
    "/api/v1/outbox": {"get": op(
        "Notifications", "The outbox", STAFF, ok("OutboxMessageList", "A page of messages."), ["422"], op_id="listOutbox",
        parameters=LIST_PARAMS + [query("status", {"type": "string", "enum": ["queued", "sending", "sent", "failed", "dead"]},
                                        "Only messages with this status.")],
        description="Everything that leaves the portal, written with the change that caused it: status, attempts, last error.")},
    "/api/v1/outbox/{id}": {"get": op(
        "Notifications", "One outbox message", STAFF, ok("OutboxMessage", "The message as written and as delivered."), ["404"],
        op_id="getOutboxMessage", parameters=[P("id")])},
    "/api/v1/outbox/{id}/resend": {"post": op(
        "Notifications", "Send a message again", STAFF, ok("OutboxMessage", "Queued once more.", status="202"), ["404", "409"],
        op_id="resendOutboxMessage", parameters=[P("id")],
        description="A sent or dead message is queued for one more attempt with the same event key (and Message-ID, so receivers "
        "can drop a copy); one still queued, failing or sending: 409. Audited.")},
    "/api/v1/reports": {"get": op("Reports", "The reports", STAFF, ok("ReportKindList", "Every report."), [], op_id="listReports")},
    "/api/v1/reports/{kind}": {"get": op(
        "Reports", "One report", STAFF,
        {"200": {"description": "The report; with `Accept: text/csv` one table as CSV (RFC 4180, numbers plain, text that would "
                 "start a formula prefixed with `'`).",
                 "headers": {"Content-Disposition": {"description": 'CSV only: attachment; filename="<kind>-<from>-<to>-<table>.csv"',
                                                     "schema": {"type": "string"}}},
                 "content": {"application/json": {"schema": ref("Report")}, "text/csv": {"schema": {"type": "string"}}}}},
        ["404", "409"], op_id="getReport",
        parameters=[{"name": "kind", "in": "path", "required": True, "schema": {"type": "string", "enum": REPORT_KINDS}},
                    query("from", {"type": "string", "format": "date"}, "First day (default: the first of the month eleven months before `to`'s)."),
                    query("to", {"type": "string", "format": "date"}, "Last day (default: the end of the current month)."),
                    query("group", {"type": "string", "enum": ["day", "week", "month"]}, "Rows per day, ISO week or month (default month)."),
                    query("currency", {"type": "string", "pattern": "^[A-Z]{3}$"}, "Money in this currency (default: the company's)."),
                    query("table", {"type": "string"}, "CSV only: the table's key (default: the main table).")],
        description="The same figures as `/admin/reports/{kind}`. A bad query field answers 400 naming it; at most 400 rows.")},
    "/api/v1/settings/notifications": {
        "get": op("Notifications", "How email leaves", ADMIN, ok("NotificationSettings", "The settings."), [],
                  op_id="getNotificationSettings"),
        "patch": op("Notifications", "Change how email leaves", ADMIN_2FA, ok("NotificationSettings", "The settings as saved."), [],
                    op_id="updateNotificationSettings", parameters=[P("TwoFactorCode")],
                    request=body("NotificationSettingsChange", example_value={"transport": "file"}),
                    description="`file` writes each message as an `.eml` under the mail directory; `smtp` sends it (STARTTLS "
                    "required with `starttls`, implicit TLS with `tls`). Each bad field is named in a 422 and nothing changes. Audited, "
                    "without the password."),
    },
    "/api/v1/settings/notifications/templates": {"get": op(
        "Notifications", "Notification templates", ADMIN, ok("NotificationTemplateList", "Every event on every channel."), [],
        op_id="listNotificationTemplates")},
    "/api/v1/settings/notifications/templates/{event}/{channel}": {
        "get": op("Notifications", "One notification template", ADMIN, ok("NotificationTemplate", "The template in use."), ["404"],
                  op_id="getNotificationTemplate", parameters=TEMPLATE_PARAMS),
        "put": op("Notifications", "Change a notification template", ADMIN, ok("NotificationTemplate", "The template as saved."),
                  ["404"], op_id="saveNotificationTemplate", parameters=TEMPLATE_PARAMS,
                  request=body("NotificationTemplateChange", example_value={"subject": "Invoice {{invoice_number}}"}),
                  description="Variables only: a section, partial, unescaped or other tag is refused (422 naming the part) and "
                  "nothing changes. Audited."),
        "delete": op("Notifications", "Reset a notification template", ADMIN, ok("NotificationTemplate", "The shipped default."),
                     ["404"], op_id="resetNotificationTemplate", parameters=TEMPLATE_PARAMS, description="Audited."),
    },
    "/api/v1/settings/notifications/templates/{event}/{channel}/preview": {"post": op(
        "Notifications", "Preview a notification template", ADMIN, ok("NotificationPreview", "Rendered with sample data."), ["404"],
        op_id="previewNotificationTemplate", parameters=TEMPLATE_PARAMS,
        request=body("NotificationTemplateChange", example_value={"text": "Hello {{name}}"}),
        description="The template in use with the given parts replaced; unknown names render empty and are listed.")},
    "/api/v1/settings/notifications/sms": {
        "get": op("Notifications", "The SMS provider", ADMIN, ok("SMSSettings", "The settings."), [], op_id="getSMSSettings"),
        "patch": op("Notifications", "Change the SMS provider", ADMIN_2FA, ok("SMSSettings", "The settings as saved."), [],
                    op_id="updateSMSSettings", parameters=[P("TwoFactorCode")],
                    request=body("SMSSettingsChange", example_value={"from": "+4915112345678"}),
                    description="`POST {base_url}/2010-04-01/Accounts/{account_sid}/Messages.json` with To, From, Body and Basic "
                    "auth. Each bad field is named in a 422 and nothing changes. Audited, without the token."),
    },
    "/api/v1/settings/notifications/channels": {"get": op(
        "Notifications", "Loadable notification channels", ADMIN, ok("NotificationChannelList", "Every registered channel."), [],
        op_id="listNotificationChannels", description="Channels registered with `vpsctl notifications install NAME` (docs/modules.md).")},
    "/api/v1/settings/notifications/channels/{name}": {"patch": op(
        "Notifications", "Change a loadable channel", ADMIN_2FA, ok("NotificationChannel", "The channel as saved."), ["404"],
        op_id="updateNotificationChannel",
        parameters=[{"name": "name", "in": "path", "required": True, "schema": GATEWAY_NAME_LIKE}, P("TwoFactorCode")],
        request=body("NotificationChannelChange", example_value={"enabled": True, "events": ["staff.*"]}),
        description="Enable or disable it, choose the events it receives (each becomes a copy in the outbox for it) and replace its "
        "settings. Unknown events are a 422 naming `events`. Audited, without the settings.")},
    "/api/v1/settings/webhooks": {
        "get": op("Webhooks", "Webhook settings", STAFF, ok("WebhookSettings", "The settings."), [], op_id="getWebhookSettings"),
        "patch": op("Webhooks", "Change webhook settings", ADMIN_2FA, ok("WebhookSettings", "The settings as saved."), [],
                    op_id="updateWebhookSettings", parameters=[P("TwoFactorCode")],
                    request=body("WebhookSettingsChange", example_value={"max_consecutive_failures": 10}),
                    description="Private, loopback and link-local targets are refused unless `allow_private_targets`. Each bad field is "
                    "named in a 422 and nothing changes. Audited."),
    },
    "/api/v1/webhooks": {
        "get": op("Webhooks", "List webhook subscriptions", STAFF, ok("WebhookSubscriptionList", "A page of subscriptions."), ["422"],
                  op_id="listWebhooks", parameters=LIST_PARAMS),
        "post": op("Webhooks", "Subscribe to events", ADMIN, ok("WebhookSubscription", "The subscription with its secret, shown once.",
                                                                  status="201"), [], op_id="createWebhook",
                   request=body("WebhookSubscriptionCreate", example_value={"url": "https://hooks.example.com/vps", "events": ["invoice.paid"]}),
                   description=WEBHOOK_DESCRIPTION),
    },
    "/api/webhooks/subscribe": {"post": op(
        "Webhooks", "Subscribe (Zapier style)", ADMIN, ok("WebhookSubscription", "The subscription with its secret, shown once.",
                                                          status="201"), [], op_id="subscribeWebhook",
        request=body("WebhookSubscribe", example_value={"trigger_event": "order.created", "webhook_url": "https://hooks.example.com/z"}),
        description="The same as `POST /api/v1/webhooks` with one event.")},
    "/api/v1/webhooks/{id}": {
        "get": op("Webhooks", "One webhook subscription", STAFF, ok("WebhookSubscription", "The subscription (no secret)."), ["404"],
                  op_id="getWebhook", parameters=[P("id")]),
        "delete": op("Webhooks", "Unsubscribe", ADMIN, NO_CONTENT, ["404"], op_id="deleteWebhook", parameters=[P("id")],
                     description="Nothing more is sent to it; queued deliveries fail for good. Audited."),
    },
    "/api/v1/webhooks/{id}/deliveries": {"get": op(
        "Webhooks", "A subscription's delivery log", STAFF, ok("WebhookDeliveryList", "Attempts, newest first."), ["404", "422"],
        op_id="listWebhookDeliveries", parameters=[P("id"), *LIST_PARAMS],
        description="Each attempt: the request's headers and body, the response's status and first 2 KB, or the error.")},
    "/api/v1/webhooks/{id}/ping": {"post": op(
        "Webhooks", "Send a test ping", ADMIN, ok("WebhookQueued", "The ping is queued.", status="202"), ["404"], op_id="pingWebhook",
        parameters=[P("id")], description="A `webhook.ping` event, delivered like any other. Audited.")},
    "/api/v1/webhooks/{id}/redeliver": {"post": op(
        "Webhooks", "Redeliver an event", ADMIN, ok("WebhookQueued", "Queued again.", status="202"), ["404", "409"],
        op_id="redeliverWebhook", parameters=[P("id")], request=body("WebhookRedeliver", example_value={"event_id": "invoice.paid:812"}),
        description="A new delivery of an event this subscription was sent before, with the same body and event id (receivers "
        "drop a copy by `X-VPS-Event-Id`). A disabled subscription: 409. Audited.")},
    "/api/v1/webhooks/{id}/enable": {"post": op(
        "Webhooks", "Enable a disabled subscription", ADMIN, ok("WebhookSubscription", "Enabled, its failure count reset."), ["404"],
        op_id="enableWebhook", parameters=[P("id")], description="Audited.")},
    "/api/v1/tasks": {"get": op(
        "Tasks", "List open manual tasks", STAFF, ok("TaskList", "The open tasks, oldest first.",
                                                     example_value={"items": [TASK_EXAMPLE], "next_cursor": None}),
        [], op_id="listTasks", description="Builds and actions of servers on the `manual` provisioning module, as `/admin/tasks` "
        "shows them.")},
    "/api/v1/tasks/{id}/complete": {"post": op(
        "Tasks", "Complete a manual task", STAFF,
        ok("ManualTask", "The task, now completed.", example_value={**TASK_EXAMPLE, "status": "completed", "outcome": "done"}),
        ["404", "409"], op_id="completeTask", parameters=[P("id")],
        request=body("TaskCompletion", example_value={"hostname": "web1.example.com", "ip_address": "203.0.113.10",
                                                      "root_password": "a long root password", "ssh_port": 22,
                                                      "operating_system": "debian-12"}),
        description="For a build, the server becomes active with these details (passwords sealed at rest). A task that is "
        "already closed: 409. Audited.")},
    "/api/v1/tasks/{id}/fail": {"post": op(
        "Tasks", "Fail a manual task", STAFF,
        ok("ManualTask", "The task, now failed.", example_value={**TASK_EXAMPLE, "status": "failed", "outcome": "no hardware left"}),
        ["404", "409"], op_id="failTask", parameters=[P("id")],
        request=body("TaskFailure", example_value={"reason": "no hardware left in that rack"}),
        description="For a build, the server becomes `failed` with the reason. A task that is already closed: 409. Audited.")},
    "/api/v1/sessions/logs": {"get": op("Logs", "The session log", STAFF, ok("SessionLogList", "A page of session events."),
                                        ["422"], op_id="listSessionEvents", parameters=[
                                            query("event", {"type": "string", "enum": SESSION_EVENTS}, "Only this event."),
                                            query("user_id", ID, "Only this user's events."), *LIST_PARAMS])},
}
PATHS["/api/v1/dedicated-servers/instances/{id}/cancel"] = {
    "post": op("Servers", "Cancel a server", "Staff, or the owner", ok("Cancellation", "The cancellation as recorded.", status="201"),
               ["404", "409"], op_id="cancelServer", parameters=[P("id")],
               request=body("CancellationRequest", example_value={"when": "end_of_period"}),
               description="`end_of_period`: no renewal is invoiced for periods from the paid-through date on; on that date the billing "
               "run cancels the service, cancels its open renewal invoices and queues its terminate job (once). `immediate`: all that now. "
               "A server already cancelled or with a cancellation pending is a 409; `when` missing or unknown is a 422."),
    "delete": op("Servers", "Revert a pending cancellation", STAFF, ok("Cancellation", "The server, with nothing pending."),
                 ["404", "409"], op_id="revertServerCancellation", parameters=[P("id")],
                 description="Only before it took effect; nothing pending or already cancelled is a 409."),
}
PATHS["/api/v1/dedicated-servers/instances/{id}/change-product"] = {
    "post": op("Servers", "Change a server's product (upgrade or downgrade)",
               "The owner; or staff with a fresh X-2FA-Code of the acting staff member",
               ok("ProductChangeOutcome", "The change and, for an upgrade, its invoice.", status="201"),
               ["404", "409", "429"], op_id="changeServerProduct",
               parameters=[P("id"), {"name": "X-2FA-Code", "in": "header", "required": False,
                                     "description": "Staff only (a product change moves money): a current TOTP code of the acting staff "
                                                    "member, accepted once. Customers send none.",
                                     "schema": {"type": "string", "pattern": "^[0-9]{6}$", "examples": ["492039"]}}],
               request=body("ProductChangeRequest", example_value={"product_id": 7}),
               description="A running (active) server moves to another active product of the same provisioning module that has a "
               "price for the server's billing cycle (otherwise 422 naming `product_id`). The difference for the rest of the current "
               "period is prorated by days (whole later periods already invoiced at the old price add the whole difference). "
               "An upgrade issues an invoice at once (credit applied per setting) and applies once it is paid — the server's product "
               "changes, a `change_package` job is queued and the new recurring amount is billed from the next period; a downgrade is "
               "credited and applies at once. One pending change per server; a cancelled server, a pending cancellation or a pending "
               "change is a 409; others' servers answer 404."),
}
for action, (summary, access, text) in SERVER_ACTIONS.items():
    errors = ["404", "409"] + (["429"] if action == "reboot" else [])
    PATHS[f"/api/v1/dedicated-servers/instances/{{id}}/{action}"] = {"post": op(
        "Servers", summary, access,
        ok("JobAccepted", "The job is queued; poll it.", status="202", headers=("Location",),
           example_value={"job": {"id": 41, "action": action, "status": "queued", "instance_id": 9, "customer_id": 7,
                                  "attempts": 0, "max_attempts": 5, "error": None, "requested_by": "admin@example.com",
                                  "run_after": "2026-11-21T10:00:00Z", "created_at": "2026-11-21T10:00:00Z",
                                  "started_at": None, "finished_at": None}}),
        errors, op_id=f"{action}Server", parameters=[P("id")],
        description=text + " A server in a state the action does not allow is a 409.")}

# Every JSON POST a signed-in caller may send honours Idempotency-Key (sign-in and registration do not).
for operations in PATHS.values():
    if "post" in operations and operations["post"]["x-access"] != ANYONE:
        post = operations["post"]
        post["parameters"] = post.get("parameters", []) + [P("IdempotencyKey")]
        for code, name in (("409", "Conflict"), ("422", "UnprocessableContent")):
            post["responses"].setdefault(code, R(name))
        post["responses"] = dict(sorted(post["responses"].items()))

DESCRIPTION = """The JSON API of VPS Portal: the product catalog, customers, orders, servers and their jobs, the logs, and the caller's own account.

Every page of the portal has its twin here, calling the same use case: the account (profile, password, sessions, two-factor sign-in), the staff list, the dashboard and the manual task queue included.

Authenticate with `Authorization: Bearer <token>`. Tokens come from `POST /api/v1/auth/login`, from the account page, or from `vpsctl token create`. A `read` token may only GET. Staff must have enrolled two-factor sign-in before the API lets them in — the first `POST /api/v1/auth/login` with a code of the secret `vpsctl admin create` printed does it, no browser needed — and editing, deleting or paying an order also needs the header `X-2FA-Code` with a fresh TOTP code (each code is accepted once; after 5 wrong codes in 15 minutes the staff member's attempts answer 429 with `Retry-After` until the window passes). Browsers use a session cookie instead, and must then send the CSRF token (`X-CSRF-Token` header or `csrf_token` form field) on every unsafe request; JSON clients with a bearer token need no CSRF token.

Errors are `application/problem+json` (RFC 9457) with `type`, `title`, `status`, `detail` and `errors` (a list of `{field, message}`), plus `request_id`. Money is a decimal string (`"29.99"`); input also accepts a number with at most two decimals. Times are RFC 3339 in UTC. Lists take `limit` (1–200, default 50) and `cursor`, and answer `{"items": [...], "next_cursor": ...}`. Edits carry the version they are based on (`If-Match` or a `version` field); a stale version is a 409 that includes the current state. Actions that go through a provisioning module answer 202 with `{"job": {...}}`; poll `GET /api/v1/jobs/{id}`. A method a path does not support answers 405 with an `Allow` header.

Every POST a signed-in caller sends may carry an `Idempotency-Key` header (1–255 printable ASCII characters; a V4 UUID is a good one), as Stripe's API does: the same key with the same method, path and body within 24 hours answers the first answer again — status, `Content-Type`, `Location`, body byte for byte, plus `Idempotent-Replayed: true` — without doing anything twice, so a client that retries after a timeout never orders or pays twice. The same key with another request answers 422 naming `Idempotency-Key`; a request arriving while the first with its key is still running answers 409 (retry it). Keys belong to the caller (two callers never share one). Kept and replayed are the answers the endpoint gave, errors included, except 401/403 (missing or wrong two-factor code), 409, 429 and 5xx: after those the same key runs the request again."""

TAGS = [
    {"name": "Meta", "description": "Health and this description."},
    {"name": "Auth", "description": "Registration and sign-in for JSON clients."},
    {"name": "Tokens", "description": "Who the caller is, and their API tokens."},
    {"name": "Account", "description": "The caller's own profile, password and browser sessions (the account page's twins)."},
    {"name": "Two-factor sign-in", "description": "Setting up the caller's own two-factor sign-in, replacing recovery codes, "
                                                  "turning it off (customers)."},
    {"name": "Products", "description": "The catalog of VPS and dedicated server products."},
    {"name": "Customers", "description": "Customer accounts, managed by staff."},
    {"name": "Orders", "description": "Orders and their lines; staff changes need a fresh two-factor code."},
    {"name": "Invoices", "description": "Invoices from orders and the billing run, with gapless numbers per year; recording a "
     "payment or cancelling needs a fresh two-factor code."},
    {"name": "Billing settings", "description": "Admins: time zone, invoice numbers, renewal lead days, credit, tax rates, "
     "inclusive or exclusive prices, and the seller's and bank details printed on invoices; changes need a fresh two-factor code."},
    {"name": "Payments", "description": "Paying invoices online through gateway modules (`manual`, `demo`): checkouts, the "
     "gateways' signed notifications, transactions and notifications (staff), gateway settings (admins, two-factor code)."},
    {"name": "Reports", "description": "Business reports for staff: recurring revenue, revenue, receivables, churn, profit and capacity."},
    {"name": "Notifications", "description": "The outbox of messages that leave the portal (staff) and how email is sent "
     "(admins, two-factor code)."},
    {"name": "Webhooks", "description": "Outgoing webhooks in the REST-hook style (Zapier): subscriptions (admins; staff read), "
     "their delivery log, test pings and redelivery."},
    {"name": "Dunning", "description": "Reminders, overdue notices, suspension and termination for non-payment: the settings "
     "(admins, two-factor code), a customer's grace days or exemption and the recorded runs (staff)."},
    {"name": "Servers", "description": "Server instances, their credentials and actions (queued as jobs)."},
    {"name": "Jobs", "description": "Progress of queued work."},
    {"name": "Staff", "description": "The dashboard, the team and two-factor resets (staff; resets: admins)."},
    {"name": "Tasks", "description": "The manual provisioning queue (staff)."},
    {"name": "Logs", "description": "The audit trail and the session log (staff)."},
]

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "VPS Portal API", "version": "1.0.0", "description": DESCRIPTION},
    "servers": [{"url": "/", "description": "This portal."}],
    "tags": TAGS,
    "security": [{"bearerAuth": []}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {"bearerAuth": {
            "type": "http", "scheme": "bearer", "bearerFormat": "vps_…",
            "description": "An API token: `Authorization: Bearer vps_…`. (Browsers use a session cookie plus a CSRF token instead.)"}},
        "schemas": SCHEMAS,
        "responses": RESPONSES,
        "parameters": PARAMETERS,
        "headers": HEADERS,
    },
}


def render():
    return json.dumps(DOCUMENT, indent=2, ensure_ascii=False) + "\n"


def main():
    text = render()
    if "--check" in sys.argv[1:]:
        with open(OUTPUT, encoding="utf-8") as existing:
            if existing.read() != text:
                print(f"{OUTPUT} is out of date; run {sys.argv[0]}", file=sys.stderr)
                sys.exit(1)
        return
    with open(OUTPUT, "w", encoding="utf-8") as output:
        output.write(text)
    print(f"wrote {OUTPUT} ({len(DOCUMENT['paths'])} paths)")


if __name__ == "__main__":
    main()
