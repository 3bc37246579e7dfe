/** The zh-TW files must carry every key of the English ones: TypeScript checks it with this shape. */
export type TranslationShape<T> = { [K in keyof T]: T[K] extends string ? string : TranslationShape<T[K]> };
