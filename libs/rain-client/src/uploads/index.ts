export { uploadFile, type UploadFileOptions, type UploadProgress, type UploadSource } from './upload-file.js';
export { RainUploadError } from './rain-upload.error.js';
