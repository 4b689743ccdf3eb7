// A case's paper on its page: the written notices its petitioner was given (shared/app/notices.ts),
// and the files it carries (shared/app/attachments.ts). The list of notices names no one and
// goes to all who see the case; a notice's PDF and the files name the petitioner, so they are
// offered only to those who work the case, each download recorded as a reveal, and the files'
// names are listed only once the identity is shown (that reveal recorded too).
import type { NoticeRecord } from "../ports.js";
import type { AttachmentRecord } from "../ports.js";
import { CardTable, cellLabel as label } from "./cards.js";
import type { Catalogue } from "./i18n/zh.js";
import { localDateTime } from "./local-time.js";
import { paths } from "./paths.js";

export interface PaperView {
  t: Catalogue;
  caseId: string;
  timeZone: string;
  /** Whether the caller works the case: may download, and see the files at all. */
  works: boolean;
}

export function Notices({ notices, view }: { notices: NoticeRecord[]; view: PaperView }) {
  const { t } = view;
  const cols = t.case.noticeColumns;
  if (!notices.length) return <p>{t.case.noNotices}</p>;
  return (
    <>
      {view.works && <p class="hint">{t.case.noticesHint}</p>}
      <CardTable columns={[cols.kind, cols.date, cols.hash, ...(view.works ? [cols.pdf] : [])]}>
        {notices.map((n) => (
          <tr>
            <td>
              {label(cols.kind)}
              {t.case.noticeKinds[n.kind]}
            </td>
            <td>
              {label(cols.date)}
              {localDateTime(n.createdAt, view.timeZone)}
            </td>
            <td>
              {label(cols.hash)}
              <code title={n.sha256}>{n.sha256.slice(0, 12)}</code>
            </td>
            {view.works && (
              <td>
                {label(cols.pdf)}
                <a href={paths.caseNotice(view.caseId, n.id)} download>
                  {t.case.downloadPdf}
                </a>
              </td>
            )}
          </tr>
        ))}
      </CardTable>
    </>
  );
}

/** The files: their names once the identity is shown, else only how many there are. */
export function Attachments({ files, view }: { files: AttachmentRecord[] | number; view: PaperView }) {
  const { t } = view;
  const cols = t.case.attachmentColumns;
  if (typeof files === "number")
    return <p>{files ? t.case.attachmentsHidden(files) : t.case.noAttachments}</p>;
  if (!files.length) return <p>{t.case.noAttachments}</p>;
  return (
    <CardTable columns={[cols.name, cols.type, cols.size, cols.state]}>
      {files.map((f) => (
        <tr>
          <td>
            {label(cols.name)}
            {f.state === "stored" ? (
              <a href={paths.caseAttachment(view.caseId, f.id)}>{f.filename}</a>
            ) : (
              f.filename
            )}
          </td>
          <td>
            {label(cols.type)}
            {f.contentType}
          </td>
          <td>
            {label(cols.size)}
            {t.case.fileSize(f.stored?.size ?? f.size)}
          </td>
          <td>
            {label(cols.state)}
            {t.case.attachmentStates[f.state]}
          </td>
        </tr>
      ))}
    </CardTable>
  );
}
