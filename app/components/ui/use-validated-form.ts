import { useForm } from "@conform-to/react";

/**
 * Conform's useForm for every form of the portal. The owner of a form reads its errors and its
 * submit status here, in its own render, and so re-renders (with all its fields and the error
 * summary) whenever validation finds something. Conform subscribes a component to what was read
 * in its latest render; after hydration the owner renders once more without its children, which
 * dropped the fields' subscriptions, so a failed submit in the browser showed no message at all.
 */
export const useValidatedForm: typeof useForm = (options) => {
  const [form, fields] = useForm(options);
  void form.allErrors;
  void form.status;
  return [form, fields];
};
