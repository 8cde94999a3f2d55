// Every error sub-code of Yorisoi: the `code` of a core::Error, the stable machine code an API
// client reads in `{"error": {"code": ...}}` and the command line prints. One place, so a code is
// made and compared as a named constant (`core::Error::Conflict(msg, codes::kStaleVersion)`,
// `error.Is(codes::kStaleVersion)`), never as a string literal spread over the layers.
//
// A code is snake_case ASCII and its constant is the same words in CamelCase (kStaleVersion is
// "stale_version"); kAll lists every one. The ctest `core.error_codes` checks both, and that no
// file under src/ makes or compares an Error with a literal code. The OpenAPI document names
// codes in its prose; tests/unit_openapi checks that each one it names is here.
// Renaming a value changes the API: clients and the tablet app match on these strings.
#pragma once

#include <string_view>

namespace yorisoi::core::codes {

// The code of each Errc when nothing more precise is said (core::ErrcName).
inline constexpr std::string_view kInvalidArgument = "invalid_argument";
inline constexpr std::string_view kNotFound = "not_found";
inline constexpr std::string_view kConflict = "conflict";
inline constexpr std::string_view kUnauthenticated = "unauthenticated";
inline constexpr std::string_view kForbidden = "forbidden";
inline constexpr std::string_view kTooManyRequests = "too_many_requests";
inline constexpr std::string_view kPayloadTooLarge = "payload_too_large";
inline constexpr std::string_view kUnavailable = "unavailable";
inline constexpr std::string_view kInternal = "internal";

// The precise codes, alphabetical.
inline constexpr std::string_view kAccountLocked = "account_locked";
inline constexpr std::string_view kAddressThrottled = "address_throttled";
inline constexpr std::string_view kAlreadyInitialised = "already_initialised";
inline constexpr std::string_view kBackendMismatch = "backend_mismatch";
inline constexpr std::string_view kBackupDamaged = "backup_damaged";
inline constexpr std::string_view kBackupIncomplete = "backup_incomplete";
inline constexpr std::string_view kBackupManifestMismatch = "backup_manifest_mismatch";
inline constexpr std::string_view kBackupTrailingData = "backup_trailing_data";
inline constexpr std::string_view kBackupTruncated = "backup_truncated";
inline constexpr std::string_view kBackupUnsupported = "backup_unsupported";
inline constexpr std::string_view kBadBackupHeader = "bad_backup_header";
inline constexpr std::string_view kBadTopic = "bad_topic";
inline constexpr std::string_view kBlank = "blank";
inline constexpr std::string_view kBodyTooLarge = "body_too_large";
inline constexpr std::string_view kChunkNotAuthentic = "chunk_not_authentic";
inline constexpr std::string_view kCodeNotValidOnDate = "code_not_valid_on_date";
inline constexpr std::string_view kConstraint = "constraint";
inline constexpr std::string_view kControlCharacter = "control_character";
inline constexpr std::string_view kCrossOrigin = "cross_origin";
inline constexpr std::string_view kCurrentDevice = "current_device";
inline constexpr std::string_view kDataFolderNotEmpty = "data_folder_not_empty";
inline constexpr std::string_view kDatabaseExists = "database_exists";
inline constexpr std::string_view kDeviceNameTaken = "device_name_taken";
inline constexpr std::string_view kDeviceNotOfTenant = "device_not_of_tenant";
inline constexpr std::string_view kDeviceRequired = "device_required";
inline constexpr std::string_view kDeviceRevoked = "device_revoked";
inline constexpr std::string_view kDeviceThrottled = "device_throttled";
inline constexpr std::string_view kDuplicate = "duplicate";
inline constexpr std::string_view kDuplicateCode = "duplicate_code";
inline constexpr std::string_view kDuplicateField = "duplicate_field";
inline constexpr std::string_view kDuplicateList = "duplicate_list";
inline constexpr std::string_view kDuplicateParameter = "duplicate_parameter";
inline constexpr std::string_view kEmpty = "empty";
inline constexpr std::string_view kEmptyPasswordFile = "empty_password_file";
inline constexpr std::string_view kFileExists = "file_exists";
inline constexpr std::string_view kHeaderTooLarge = "header_too_large";
inline constexpr std::string_view kInFuture = "in_future";
inline constexpr std::string_view kInPast = "in_past";
inline constexpr std::string_view kInvalidCode = "invalid_code";
inline constexpr std::string_view kInvalidConfig = "invalid_config";
inline constexpr std::string_view kInvalidContext = "invalid_context";
inline constexpr std::string_view kInvalidCredentials = "invalid_credentials";
inline constexpr std::string_view kInvalidCursor = "invalid_cursor";
inline constexpr std::string_view kInvalidDate = "invalid_date";
inline constexpr std::string_view kInvalidDatetime = "invalid_datetime";
inline constexpr std::string_view kInvalidForRole = "invalid_for_role";
inline constexpr std::string_view kInvalidForType = "invalid_for_type";
inline constexpr std::string_view kInvalidFormat = "invalid_format";
inline constexpr std::string_view kInvalidHostname = "invalid_hostname";
inline constexpr std::string_view kInvalidKdf = "invalid_kdf";
inline constexpr std::string_view kInvalidKey = "invalid_key";
inline constexpr std::string_view kInvalidListen = "invalid_listen";
inline constexpr std::string_view kInvalidLogin = "invalid_login";
inline constexpr std::string_view kInvalidNumber = "invalid_number";
inline constexpr std::string_view kInvalidPostgresDatabase = "invalid_postgres_database";
inline constexpr std::string_view kInvalidPostgresUrl = "invalid_postgres_url";
inline constexpr std::string_view kInvalidRef = "invalid_ref";
inline constexpr std::string_view kInvalidStreamHeader = "invalid_stream_header";
inline constexpr std::string_view kInvalidTenantId = "invalid_tenant_id";
inline constexpr std::string_view kInvalidTransition = "invalid_transition";
inline constexpr std::string_view kInvalidType = "invalid_type";
inline constexpr std::string_view kInvalidUnitId = "invalid_unit_id";
inline constexpr std::string_view kInvalidUtf8 = "invalid_utf8";
inline constexpr std::string_view kInvalidValidity = "invalid_validity";
inline constexpr std::string_view kInvalidValue = "invalid_value";
inline constexpr std::string_view kKanaOnly = "kana_only";
inline constexpr std::string_view kLoginTaken = "login_taken";
inline constexpr std::string_view kMalformedJson = "malformed_json";
inline constexpr std::string_view kMalformedRequest = "malformed_request";
inline constexpr std::string_view kMethodNotAllowed = "method_not_allowed";
inline constexpr std::string_view kNoStaff = "no_staff";
inline constexpr std::string_view kNoUnits = "no_units";
inline constexpr std::string_view kNotABackup = "not_a_backup";
inline constexpr std::string_view kNotAChild = "not_a_child";
inline constexpr std::string_view kNotActive = "not_active";
inline constexpr std::string_view kNotApplicable = "not_applicable";
inline constexpr std::string_view kNotYourUnit = "not_your_unit";
inline constexpr std::string_view kNumberTaken = "number_taken";
inline constexpr std::string_view kOutInsideData = "out_inside_data";
inline constexpr std::string_view kOutOfRange = "out_of_range";
inline constexpr std::string_view kOutOfScope = "out_of_scope";
inline constexpr std::string_view kPasswordChangeRequired = "password_change_required";
inline constexpr std::string_view kPasswordCommon = "password_common";
inline constexpr std::string_view kPasswordContainsLogin = "password_contains_login";
inline constexpr std::string_view kPasswordContainsProduct = "password_contains_product";
inline constexpr std::string_view kPasswordContainsTenant = "password_contains_tenant";
inline constexpr std::string_view kPasswordInUrl = "password_in_url";
inline constexpr std::string_view kPasswordKeyboardPattern = "password_keyboard_pattern";
inline constexpr std::string_view kPasswordPattern = "password_pattern";
inline constexpr std::string_view kPasswordRepeated = "password_repeated";
inline constexpr std::string_view kPasswordSequence = "password_sequence";
inline constexpr std::string_view kPasswordTooShort = "password_too_short";
inline constexpr std::string_view kPasswordUnchanged = "password_unchanged";
inline constexpr std::string_view kReadOnly = "read_only";
inline constexpr std::string_view kRequired = "required";
inline constexpr std::string_view kSessionDeviceMismatch = "session_device_mismatch";
inline constexpr std::string_view kSessionExpired = "session_expired";
inline constexpr std::string_view kStaleVersion = "stale_version";
inline constexpr std::string_view kSupervisorRequired = "supervisor_required";
inline constexpr std::string_view kTenantExists = "tenant_exists";
inline constexpr std::string_view kTooLong = "too_long";
inline constexpr std::string_view kTooShort = "too_short";
inline constexpr std::string_view kUnitExists = "unit_exists";
inline constexpr std::string_view kUnknownCode = "unknown_code";
inline constexpr std::string_view kUnknownField = "unknown_field";
inline constexpr std::string_view kUnknownImage = "unknown_image";
inline constexpr std::string_view kUnknownList = "unknown_list";
inline constexpr std::string_view kUnknownNote = "unknown_note";
inline constexpr std::string_view kUnknownParameter = "unknown_parameter";
inline constexpr std::string_view kUnknownParent = "unknown_parent";
inline constexpr std::string_view kUnknownUnit = "unknown_unit";
inline constexpr std::string_view kUnknownUser = "unknown_user";
inline constexpr std::string_view kUnreadablePasswordFile = "unreadable_password_file";
inline constexpr std::string_view kUnsupportedBackupFormat = "unsupported_backup_format";
inline constexpr std::string_view kUnsupportedFile = "unsupported_file";
inline constexpr std::string_view kUnsupportedMediaType = "unsupported_media_type";
inline constexpr std::string_view kWeakBackupKey = "weak_backup_key";
inline constexpr std::string_view kWrongBackupKey = "wrong_backup_key";
inline constexpr std::string_view kWrongPassword = "wrong_password";

// Every code above, once (for checks and documentation tests).
// clang-format off
inline constexpr std::string_view kAll[] = {
    kInvalidArgument, kNotFound, kConflict, kUnauthenticated, kForbidden, kTooManyRequests,
    kPayloadTooLarge, kUnavailable, kInternal, kAccountLocked, kAddressThrottled,
    kAlreadyInitialised, kBackendMismatch, kBackupDamaged, kBackupIncomplete,
    kBackupManifestMismatch, kBackupTrailingData, kBackupTruncated, kBackupUnsupported,
    kBadBackupHeader, kBadTopic, kBlank, kBodyTooLarge, kChunkNotAuthentic, kCodeNotValidOnDate,
    kConstraint, kControlCharacter, kCrossOrigin, kCurrentDevice, kDataFolderNotEmpty,
    kDatabaseExists, kDeviceNameTaken, kDeviceNotOfTenant, kDeviceRequired, kDeviceRevoked,
    kDeviceThrottled, kDuplicate, kDuplicateCode, kDuplicateField, kDuplicateList,
    kDuplicateParameter, kEmpty, kEmptyPasswordFile, kFileExists, kHeaderTooLarge, kInFuture,
    kInPast, kInvalidCode, kInvalidConfig, kInvalidContext, kInvalidCredentials, kInvalidCursor, kInvalidDate,
    kInvalidDatetime, kInvalidForRole, kInvalidForType, kInvalidFormat, kInvalidHostname,
    kInvalidKdf, kInvalidKey, kInvalidListen, kInvalidLogin, kInvalidNumber, kInvalidPostgresDatabase,
    kInvalidPostgresUrl, kInvalidRef, kInvalidStreamHeader, kInvalidTenantId, kInvalidTransition,
    kInvalidType, kInvalidUnitId, kInvalidUtf8, kInvalidValidity, kInvalidValue, kKanaOnly,
    kLoginTaken, kMalformedJson, kMalformedRequest, kMethodNotAllowed, kNoStaff, kNoUnits,
    kNotABackup, kNotAChild, kNotActive, kNotApplicable, kNotYourUnit, kNumberTaken, kOutInsideData,
    kOutOfRange, kOutOfScope, kPasswordChangeRequired, kPasswordCommon, kPasswordContainsLogin,
    kPasswordContainsProduct, kPasswordContainsTenant, kPasswordInUrl, kPasswordKeyboardPattern,
    kPasswordPattern, kPasswordRepeated, kPasswordSequence, kPasswordTooShort, kPasswordUnchanged,
    kReadOnly, kRequired, kSessionDeviceMismatch, kSessionExpired, kStaleVersion,
    kSupervisorRequired, kTenantExists, kTooLong, kTooShort, kUnitExists, kUnknownCode,
    kUnknownField, kUnknownImage, kUnknownList, kUnknownNote, kUnknownParameter, kUnknownParent,
    kUnknownUnit, kUnknownUser, kUnreadablePasswordFile, kUnsupportedBackupFormat, kUnsupportedFile,
    kUnsupportedMediaType, kWeakBackupKey, kWrongBackupKey, kWrongPassword,
};
// clang-format on

}  // namespace yorisoi::core::codes
