// The Japanese message of every server error code (src/core/error_codes.hpp, kAll). The server's
// `message` is English for developers and never reaches the screen: the app shows the message of
// the `code`, naming the field in Japanese. web/test/messages.test.ts fails when a code of
// error_codes.hpp has no message here.
//
// `{field}` is replaced by the field's Japanese label (or 「入力内容」 when the error names no
// field); `{n}` by the number the server's rule states (e.g. the 100 of "at most 100 characters"),
// and a message with `{n}` has a fallback without it.

interface CodeMessage {
  text: string;
  withNumber?: string; // used when the server's message carries a number
}

const m = (text: string, withNumber?: string): CodeMessage => ({ text, withNumber });

export const codeMessages: Record<string, CodeMessage> = {
  // The kinds of error, when nothing more precise is said.
  invalid_argument: m("{field}の内容を確認してください。"),
  not_found: m("見つかりません。削除されたか、閲覧の権限がない可能性があります。"),
  conflict: m("他の人が先に更新しました。最新の内容を確認してください。"),
  unauthenticated: m("サインインが必要です。"),
  forbidden: m("この操作の権限がありません。"),
  too_many_requests: m("操作が集中しています。しばらく待ってから再度お試しください。"),
  payload_too_large: m("送信する内容が大きすぎます。"),
  unavailable: m("サーバーが一時的に利用できません。しばらくしてから再度お試しください。"),
  internal: m("サーバーでエラーが発生しました。システム管理者にお問い合わせください。"),

  // The precise codes, alphabetical as in error_codes.hpp.
  account_locked: m(
    "アカウントが一時的にロックされています。時間をおいて再度お試しいただくか、システム管理者にお問い合わせください。",
  ),
  address_throttled: m(
    "サインインの失敗が続いたため、一時的にサインインできません。しばらく待ってから再度お試しください。",
  ),
  already_initialised: m("すでに初期設定されています。"),
  backend_mismatch: m(
    "データベースの種類が設定と一致しません。システム管理者にお問い合わせください。",
  ),
  backup_damaged: m("バックアップが壊れています。"),
  backup_incomplete: m("バックアップが完全ではありません。"),
  backup_manifest_mismatch: m("バックアップの内容が目録と一致しません。"),
  backup_trailing_data: m("バックアップの末尾に不明なデータがあります。"),
  backup_truncated: m("バックアップが途中で切れています。"),
  backup_unsupported: m("この形式のバックアップには対応していません。"),
  bad_backup_header: m("バックアップの形式が正しくありません。"),
  bad_topic: m("{field}の指定が正しくありません。"),
  blank: m("{field}が空白だけになっています。文字を入力してください。"),
  body_too_large: m("送信する内容が大きすぎます。"),
  chunk_not_authentic: m("バックアップが改ざんされているか、壊れています。"),
  code_not_valid_on_date: m("{field}のこの選択肢は、この日付では使えません。"),
  constraint: m("{field}の内容が他の記録と矛盾しています。"),
  control_character: m("{field}に使えない文字（制御文字）が含まれています。"),
  cross_origin: m("この画面からは操作できません。画面を再読み込みしてください。"),
  current_device: m("使用中の端末は無効にできません。"),
  data_folder_not_empty: m("データフォルダーが空ではありません。"),
  database_exists: m("データベースはすでにあります。"),
  device_name_taken: m("{field}は別の端末で使われています。別の名前を入力してください。"),
  device_not_of_tenant: m(
    "この端末はこの自治体に登録されていません。システム管理者にお問い合わせください。",
  ),
  device_required: m("登録された端末からのみ操作できます。"),
  device_revoked: m("この端末は無効にされています。システム管理者にお問い合わせください。"),
  device_throttled: m(
    "この端末でサインインの失敗が続いたため、一時的にサインインできません。しばらく待ってから再度お試しください。",
  ),
  duplicate: m("{field}はすでに登録されています。"),
  duplicate_code: m("{field}のコードはすでに使われています。"),
  duplicate_field: m("{field}が重複しています。"),
  duplicate_list: m("{field}の一覧はすでにあります。"),
  duplicate_parameter: m("{field}の指定が重複しています。"),
  empty: m("{field}を入力してください。"),
  empty_password_file: m("パスワードファイルが空です。"),
  file_exists: m("ファイルはすでにあります。"),
  header_too_large: m("送信する内容が大きすぎます。"),
  in_future: m("{field}に未来の日付は入力できません。"),
  in_past: m("{field}に過去の日付は入力できません。"),
  invalid_code: m("{field}のこの選択肢は、ここでは選べません。"),
  invalid_config: m("設定に誤りがあります。システム管理者にお問い合わせください。"),
  invalid_context: m("{field}の指定が正しくありません。"),
  invalid_credentials: m("自治体ID・職員ID・パスワードのいずれかが違います。"),
  invalid_cursor: m("一覧の続きを読み込めません。一覧を開き直してください。"),
  invalid_date: m("{field}は正しい日付で入力してください。"),
  invalid_datetime: m("{field}は正しい日時で入力してください。"),
  invalid_for_role: m("{field}はこの区分の人には選べません。"),
  invalid_for_type: m("{field}はこの相談種別では選べません。"),
  invalid_format: m("{field}の形式が正しくありません。"),
  invalid_hostname: m("{field}のホスト名が正しくありません。"),
  invalid_kdf: m("{field}の形式が正しくありません。"),
  invalid_key: m("{field}の鍵が正しくありません。"),
  invalid_listen: m("{field}の待ち受けアドレスが正しくありません。"),
  invalid_login: m("{field}は半角英数字で入力してください。"),
  invalid_number: m("{field}の数値が正しくありません。"),
  invalid_postgres_database: m("{field}のデータベース名が正しくありません。"),
  invalid_postgres_url: m("{field}の接続先が正しくありません。"),
  invalid_ref: m("{field}の参照先が正しくありません。"),
  invalid_stream_header: m("バックアップの形式が正しくありません。"),
  invalid_tenant_id: m("{field}は半角英小文字・数字・ハイフンで入力してください。"),
  invalid_transition: m("{field}はこの状態から変更できません。"),
  invalid_type: m("{field}の形式が正しくありません。"),
  invalid_unit_id: m("{field}の所属の指定が正しくありません。"),
  invalid_utf8: m("{field}に読み取れない文字が含まれています。"),
  invalid_validity: m("{field}の有効期間が正しくありません。"),
  invalid_value: m("{field}の値が正しくありません。"),
  kana_only: m("{field}はひらがな・カタカナで入力してください。"),
  login_taken: m("{field}は別の職員が使っています。別のIDを入力してください。"),
  malformed_json: m("送信内容の形式が正しくありません。画面を再読み込みしてください。"),
  malformed_request: m("送信内容の形式が正しくありません。画面を再読み込みしてください。"),
  method_not_allowed: m("この操作はできません。"),
  no_staff: m("職員が登録されていません。"),
  no_units: m("所属が登録されていません。"),
  not_a_backup: m("バックアップのファイルではありません。"),
  not_a_child: m("{field}：児童は18歳未満です。生年月日か区分を確認してください。"),
  not_active: m("{field}は現在使われていません。"),
  not_applicable: m("{field}はこの場合には入力できません（外国籍の方のみ）。"),
  not_your_unit: m("{field}は担当する所属から選んでください。"),
  number_taken: m("{field}はすでに使われています。"),
  out_inside_data: m("出力先がデータフォルダーの中です。"),
  out_of_range: m("{field}の値が範囲外です。"),
  out_of_scope: m("この記録は担当の範囲外です。"),
  password_change_required: m("パスワードの変更が必要です。"),
  password_common: m("{field}はよく使われるパスワードのため使えません。"),
  password_contains_login: m("{field}に職員IDを含めることはできません。"),
  password_contains_product: m("{field}にシステム名を含めることはできません。"),
  password_contains_tenant: m("{field}に自治体IDを含めることはできません。"),
  password_in_url: m("パスワードをアドレスに含めることはできません。"),
  password_keyboard_pattern: m("{field}にキーボードの並び順の文字列は使えません。"),
  password_pattern: m("{field}は推測されやすい形のため使えません。"),
  password_repeated: m("{field}に同じ文字の繰り返しは使えません。"),
  password_sequence: m("{field}に連続した文字列（abc、123など）は使えません。"),
  password_too_short: m("{field}が短すぎます。", "{field}は{n}文字以上にしてください。"),
  password_unchanged: m("{field}は現在のパスワードと違うものにしてください。"),
  read_only: m("{field}は変更できません。"),
  required: m("{field}を入力してください。"),
  session_device_mismatch: m("別の端末のサインインです。もう一度サインインしてください。"),
  session_expired: m(
    "一定時間操作がなかったため、サインインが切れました。もう一度サインインしてください。",
  ),
  stale_version: m("他の人が先に更新しました。最新の内容を確認してください。"),
  supervisor_required: m("この操作は係長などの監督職のみ行えます。"),
  tenant_exists: m("この自治体IDはすでに登録されています。"),
  too_long: m("{field}が長すぎます。", "{field}は{n}文字以内で入力してください。"),
  too_short: m("{field}が短すぎます。", "{field}は{n}文字以上で入力してください。"),
  unit_exists: m("{field}の所属はすでにあります。"),
  unknown_code: m("{field}の選択肢が正しくありません。選び直してください。"),
  unknown_field: m("{field}は受け付けられない項目です。画面を再読み込みしてください。"),
  unknown_image: m("{field}の画像が見つかりません。"),
  unknown_list: m("{field}のコード一覧が見つかりません。"),
  unknown_note: m("{field}：訂正する記録が見つかりません。"),
  unknown_parameter: m("{field}の指定は受け付けられません。"),
  unknown_parent: m("{field}の上位の選択肢が見つかりません。"),
  unknown_unit: m("{field}の所属が見つかりません。"),
  unknown_user: m("{field}の職員が見つかりません。"),
  unreadable_password_file: m("パスワードファイルを読み込めません。"),
  unsupported_backup_format: m("この形式のバックアップには対応していません。"),
  unsupported_file: m("このファイルには対応していません。"),
  unsupported_media_type: m("送信内容の形式が正しくありません。画面を再読み込みしてください。"),
  weak_backup_key: m("バックアップの鍵が弱すぎます。"),
  wrong_backup_key: m("バックアップの鍵が違います。"),
  wrong_password: m("{field}が違います。"),
};

export function hasMessage(code: string): boolean {
  return Object.hasOwn(codeMessages, code);
}

// When a code has no message (a newer server): still Japanese, still naming the field.
export function genericMessage(fieldLabel: string): string {
  return fieldLabel
    ? `${fieldLabel}の入力内容を確認してください。`
    : "入力内容を確認してください。";
}

// The Japanese message of a code for a field (its label, or "" when none), with the number the
// server's English message states, if any (never any other part of that message).
export function messageFor(code: string, fieldLabel: string, serverMessage = ""): string {
  const entry = hasMessage(code) ? codeMessages[code] : undefined;
  if (!entry) return genericMessage(fieldLabel);
  const n = /\d+/.exec(serverMessage)?.[0];
  const template = n && entry.withNumber ? entry.withNumber.replace("{n}", n) : entry.text;
  return template.replace("{field}", fieldLabel || "入力内容");
}
