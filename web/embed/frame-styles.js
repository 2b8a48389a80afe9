// The frame both of the element's shadow roots share (view.js: training; predict-view.js: a saved model):
// the root resets what the host page's CSS would pass on, then the header with its title and status pill.
export const FRAME_STYLES = `
:host { display: block; contain: content; }
:host([hidden]) { display: none; }
.root {
  all: initial; box-sizing: border-box; display: flex; flex-direction: column; gap: 8px; padding: 10px 12px;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2937; background: #fff;
  border: 1px solid #d7dce3; border-radius: 8px; overflow: hidden; text-align: left;
}
.root *, .root *::before, .root *::after { box-sizing: border-box; }
header { display: flex; align-items: center; gap: 8px; min-height: 24px; }
.title { flex: 1; min-width: 0; font-weight: 600; font-size: 14px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status { flex: none; padding: 1px 8px; border-radius: 999px; font-size: 12px; background: #eef0f3; color: #374151; white-space: nowrap; }
.status[data-status=failed] { background: #fee2e2; color: #991b1b; }
`;
