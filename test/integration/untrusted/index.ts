// Workspace trust on and the folder not trusted (Restricted Mode).
import { runFolder } from '../index';

export const run = () => runFolder(__dirname);
