// The steps of a multi-step input (a title, "n/m", Enter to go on, Escape to cancel), shared by the commands that ask.
import * as vscode from 'vscode';

/**
 * Shows one step of the multi-step input and settles with what `accept` returns when the user presses Enter
 * (undefined from `accept` keeps the step open), or with undefined when the step is dismissed.
 */
function showStep<W extends vscode.QuickInput & { placeholder: string | undefined; readonly onDidAccept: vscode.Event<void> }, R>(
  widget: W,
  title: string,
  step: number,
  totalSteps: number,
  placeholder: string,
  accept: (widget: W) => R | undefined,
): Promise<R | undefined> {
  return new Promise(resolve => {
    widget.title = title;
    widget.step = step;
    widget.totalSteps = totalSteps;
    widget.placeholder = placeholder;
    widget.ignoreFocusOut = true;
    let done = false;
    widget.onDidAccept(() => {
      const result = accept(widget);
      if (result === undefined) return;
      done = true;
      resolve(result);
      widget.hide();
    });
    widget.onDidHide(() => {
      if (!done) resolve(undefined);
      widget.dispose();
    });
    widget.show();
  });
}

export function inputStep(
  title: string,
  step: number,
  totalSteps: number,
  prompt: string,
  placeholder: string,
  validate?: (v: string) => string | undefined,
): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.prompt = prompt;
  box.onDidChangeValue(v => (box.validationMessage = validate?.(v)));
  return showStep(box, title, step, totalSteps, placeholder, b => {
    b.validationMessage = validate?.(b.value);
    return b.validationMessage ? undefined : b.value.trim();
  });
}

export function pickStep<T extends vscode.QuickPickItem>(
  title: string,
  step: number,
  totalSteps: number,
  placeholder: string,
  items: T[],
): Promise<T[] | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.items = items;
  pick.selectedItems = items.filter(i => i.picked);
  return showStep(pick, title, step, totalSteps, placeholder, p => [...p.selectedItems]);
}

/** One choice from a list, as a step: Enter takes the highlighted item. */
export function pickOneStep<T extends vscode.QuickPickItem>(
  title: string,
  step: number,
  totalSteps: number,
  placeholder: string,
  items: T[],
): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.matchOnDescription = true;
  pick.items = items;
  return showStep(pick, title, step, totalSteps, placeholder, p => p.selectedItems[0] ?? p.activeItems[0]);
}
