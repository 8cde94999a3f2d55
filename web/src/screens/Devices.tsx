// Devices: ward admins list, enroll and revoke tablets and export terminals; every user can report
// a tablet they used as lost (from another device).
import { useEffect, useState, type FormEvent } from "react";
import { api, describeError } from "../api";
import type { Page } from "../types";
import { ErrorBox, Field, TextInput } from "../ui/fields";
import { japanDateTime } from "../wareki";

export interface Device {
  id: string;
  name: string;
  kind: string;
  state: string;
  fingerprint: string;
  not_after: string;
  enrolled_by: string;
  enrolled_at: string;
  revoked_at: string | null;
  revoke_reason: string;
  last_seen_at: string | null;
  last_seen_address: string;
  last_user_id: string;
}

interface Enrollment {
  device: Device;
  pkcs12_base64: string;
  pkcs12_password: string;
}

const kindLabel: Record<string, string> = { tablet: "タブレット", "export-terminal": "出力用端末" };
const stateLabel: Record<string, string> = { active: "有効", revoked: "失効", lost: "紛失" };
const reasons: [string, string][] = [
  ["lost", "紛失"],
  ["stolen", "盗難"],
  ["retired", "廃棄・返却"],
  ["compromised", "不正利用の疑い"],
  ["other", "その他"],
];

function when(t: string | null): string {
  return t ? japanDateTime(t) : "—";
}

// The .p12 as a file to save (for the MDM console); made in memory, never stored by the app.
function p12Url(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: "application/x-pkcs12" }));
}

export function DeviceAdmin() {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState("");
  const [name, setName] = useState("");
  const [kind, setKind] = useState("tablet");
  const [enrolled, setEnrolled] = useState<(Enrollment & { url: string }) | null>(null);
  const [reload, setReload] = useState(0);

  const [names, setNames] = useState<Record<string, string>>({});

  useEffect(() => {
    api<Page<Device>>("GET", "/devices")
      .then((p) => setDevices(p.items))
      .catch((e) => setError(describeError(e)));
  }, [reload]);

  // Staff names for "enrolled by" and "last user" (admins may list staff).
  useEffect(() => {
    api<Page<{ id: string; name: string }>>("GET", "/users")
      .then((p) => setNames(Object.fromEntries(p.items.map((u) => [u.id, u.name]))))
      .catch(() => setNames({}));
  }, [reload]);

  useEffect(() => () => (enrolled ? URL.revokeObjectURL(enrolled.url) : undefined), [enrolled]);

  const enroll = async (e: FormEvent) => {
    e.preventDefault();
    setError("");
    try {
      const r = await api<Enrollment>("POST", "/devices", { name, kind });
      setEnrolled({ ...r, url: p12Url(r.pkcs12_base64) });
      setName("");
      setReload((n) => n + 1);
    } catch (err) {
      setError(describeError(err, { name: "端末名", kind: "種類" }));
    }
  };

  const revoke = async (d: Device, reason: string) => {
    setError("");
    try {
      await api("POST", `/devices/${d.id}/revoke`, { reason });
      setReload((n) => n + 1);
    } catch (err) {
      setError(describeError(err, { reason: "理由" }));
    }
  };

  return (
    <section aria-labelledby="devices-title">
      <h1 id="devices-title">端末管理</h1>
      <p>登録された端末だけがサーバーと通信できます。失効させた端末は1秒以内に切断されます。</p>
      <ErrorBox message={error} />
      <form onSubmit={(e) => void enroll(e)} className="grid-form">
        <TextInput
          label="端末名"
          name="device_name"
          value={name}
          onChange={setName}
          required
          hint="例: sogo-tablet-07（個人名は使わない）"
        />
        <Field label="種類">
          {(id) => (
            <select id={id} name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="tablet">タブレット</option>
              <option value="export-terminal">出力用端末</option>
            </select>
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="primary">
            端末を登録
          </button>
        </div>
      </form>
      {enrolled ? (
        <div className="notice" role="status">
          <p>
            {enrolled.device.name} を登録しました。証明書ファイル（.p12）を MDM
            に登録してください。パスワードはこの画面でのみ表示されます。
          </p>
          <p>
            パスワード：<code className="secret">{enrolled.pkcs12_password}</code>
          </p>
          <a href={enrolled.url} download={`${enrolled.device.name}.p12`}>
            {enrolled.device.name}.p12 を保存
          </a>
        </div>
      ) : null}
      {devices === null && !error ? <p role="status">読み込み中…</p> : null}
      {devices ? (
        <table className="devices">
          <caption>登録済みの端末</caption>
          <thead>
            <tr>
              <th scope="col">端末名</th>
              <th scope="col">種類</th>
              <th scope="col">状態</th>
              <th scope="col">最終利用</th>
              <th scope="col">最終利用者</th>
              <th scope="col">登録</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <DeviceRow key={d.id} d={d} names={names} onRevoke={(r) => void revoke(d, r)} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function DeviceRow({
  d,
  names,
  onRevoke,
}: {
  d: Device;
  names: Record<string, string>;
  onRevoke: (reason: string) => void;
}) {
  const [reason, setReason] = useState("lost");
  return (
    <tr className={`device-${d.state}`}>
      <th scope="row">{d.name}</th>
      <td>{kindLabel[d.kind] ?? d.kind}</td>
      <td>
        {stateLabel[d.state] ?? d.state}
        {d.revoked_at ? `（${when(d.revoked_at)}）` : ""}
      </td>
      <td>
        {when(d.last_seen_at)}
        {d.last_seen_address ? ` ${d.last_seen_address}` : ""}
      </td>
      <td>{d.last_user_id ? (names[d.last_user_id] ?? d.last_user_id) : "—"}</td>
      <td>
        {when(d.enrolled_at)}
        <br />
        {d.enrolled_by ? (names[d.enrolled_by] ?? d.enrolled_by) : "コマンドで登録"}
      </td>
      <td>
        {d.state === "active" ? (
          <div className="revoke">
            <label className="visually-hidden" htmlFor={`reason-${d.id}`}>
              {d.name}を失効させる理由
            </label>
            <select
              id={`reason-${d.id}`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            >
              {reasons.map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => onRevoke(reason)}>
              {d.name}を失効
            </button>
          </div>
        ) : null}
      </td>
    </tr>
  );
}

export function MyDevices() {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState("");
  const [reload, setReload] = useState(0);
  useEffect(() => {
    api<Page<Device>>("GET", "/me/devices")
      .then((p) => setDevices(p.items))
      .catch((e) => setError(describeError(e)));
  }, [reload]);
  const lost = async (d: Device) => {
    setError("");
    try {
      await api("POST", `/me/devices/${d.id}/lost`);
      setReload((n) => n + 1);
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <section aria-labelledby="my-devices-title">
      <h1 id="my-devices-title">自分が使った端末</h1>
      <p>
        タブレットを紛失したときは、別の端末からここで報告してください。報告した端末はすぐに使えなくなります。
      </p>
      <ErrorBox message={error} />
      {devices === null && !error ? <p role="status">読み込み中…</p> : null}
      {devices && devices.length === 0 ? <p>該当する端末はありません。</p> : null}
      <ul className="my-devices">
        {(devices ?? []).map((d) => (
          <li key={d.id}>
            <strong>{d.name}</strong>（{stateLabel[d.state] ?? d.state}） 最終利用{" "}
            {when(d.last_seen_at)}
            {d.state === "active" ? (
              <button type="button" onClick={() => void lost(d)}>
                {d.name}を紛失として報告
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
